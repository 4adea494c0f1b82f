package io.github.redisauth.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.CheckId;
import io.github.redisauth.CheckResult;
import io.github.redisauth.CheckStatus;
import io.github.redisauth.VerificationReport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class JunitReportTest {

    @Test
    void oneTestcasePerCheckWithFailuresAndSkips() throws Exception {
        VerificationReport report = new VerificationReport("h", 1, false, "2.8.19", List.of(
                CheckResult.of(CheckId.TCP_CONNECT, CheckStatus.PASS, "ok <&>\"'\u0001", 1),
                CheckResult.about(CheckId.AUTH_TOKEN, "arg#1234abcd", CheckStatus.FAIL, "rejected: -ERR invalid password", 2),
                CheckResult.of(CheckId.PING, CheckStatus.SKIP, "no token was accepted", 0)), Map.of());
        String xml = JunitReport.toXml(report);
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        var suite = document.getDocumentElement();
        assertThat(suite.getAttribute("name")).isEqualTo("redis-auth verify");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        var cases = document.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3);
        assertThat(((org.w3c.dom.Element) cases.item(1)).getAttribute("name")).isEqualTo("auth-token arg#1234abcd");
        assertThat(((org.w3c.dom.Element) document.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .isEqualTo("rejected: -ERR invalid password");
        assertThat(document.getElementsByTagName("skipped").getLength()).isEqualTo(1);
    }
}
