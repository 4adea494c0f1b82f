class X{}
