package io.github.redisauth.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Host name matching against a certificate's subject alternative names (RFC 6125): DNS names
 * with a wildcard only as the whole left-most label, IP addresses against IP SANs; the subject
 * CN only when the certificate has no DNS or IP SAN (as the JDK does). Stateless.
 */
public final class CertificateNames {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|.*:.*");
    private static final Pattern COMMON_NAME = Pattern.compile("(?:^|,)\\s*CN=([^,]+)");

    private CertificateNames() {
    }

    /**
     * @param certificate the leaf certificate
     * @return its names, e.g. {@code [DNS:localhost, IP:127.0.0.1]}, or {@code [CN:name]} without SANs
     */
    public static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        Collection<List<?>> alternatives;
        try {
            alternatives = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            alternatives = null;
        }
        if (alternatives != null) {
            for (List<?> entry : alternatives) {
                int type = (Integer) entry.get(0);
                if (type == SAN_DNS) {
                    names.add("DNS:" + entry.get(1));
                } else if (type == SAN_IP) {
                    names.add("IP:" + entry.get(1));
                }
            }
        }
        if (names.isEmpty()) {
            Matcher cn = COMMON_NAME.matcher(certificate.getSubjectX500Principal().getName());
            if (cn.find()) {
                names.add("CN:" + cn.group(1).trim());
            }
        }
        return names;
    }

    /**
     * @param certificate the leaf certificate
     * @param expected the host name or IP address the client meant to reach
     * @return the name that matched (e.g. {@code DNS:*.example.com}), or null when none does
     */
    public static String match(X509Certificate certificate, String expected) {
        String host = normalise(expected);
        boolean ip = IP_LITERAL.matcher(host).matches();
        for (String name : names(certificate)) {
            if (ip && name.startsWith("IP:") && sameAddress(host, name.substring(3))) {
                return name;
            }
            if (!ip && (name.startsWith("DNS:") || name.startsWith("CN:"))
                    && dnsMatches(normalise(name.substring(name.indexOf(':') + 1)), host)) {
                return name;
            }
        }
        return null;
    }

    private static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("[") && lower.endsWith("]")) {
            lower = lower.substring(1, lower.length() - 1);
        }
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    static boolean dnsMatches(String pattern, String host) {
        if (!pattern.startsWith("*.")) {
            return pattern.equals(host);
        }
        String suffix = pattern.substring(1);
        if (suffix.indexOf('.', 1) < 0) {
            return false; // "*.com": too wide, never matches
        }
        if (!host.endsWith(suffix)) {
            return false;
        }
        String firstLabel = host.substring(0, host.length() - suffix.length());
        return !firstLabel.isEmpty() && firstLabel.indexOf('.') < 0;
    }

    private static boolean sameAddress(String left, String right) {
        try {
            return InetAddress.getByName(left).equals(InetAddress.getByName(right));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
