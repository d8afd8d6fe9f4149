package io.mtj.transport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mtj.transport.Dialer;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyUriTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "socks5://host.example:1081        | SOCKS5  | host.example | 1081",
                "socks5h://host.example            | SOCKS5H | host.example | 1080",
                "SOCKS5://Host.Example             | SOCKS5  | Host.Example | 1080",
                "http://10.1.2.3                   | HTTP    | 10.1.2.3     | 80",
                "http://proxy_1.corp:3128/         | HTTP    | proxy_1.corp | 3128",
                "https://proxy.example             | HTTPS   | proxy.example| 443",
                "https://[2001:db8::1]:8443        | HTTPS   | 2001:db8::1  | 8443",
                "socks5h://[::1]                   | SOCKS5H | ::1          | 1080",
                "'  socks5://h:65535  '            | SOCKS5  | h            | 65535"
            })
    void parsesSchemesHostsAndDefaultPorts(String text, ProxyUri.Scheme scheme, String host, int port) {
        ProxyUri uri = ProxyUri.parse(text);
        assertThat(uri.scheme()).isEqualTo(scheme);
        assertThat(uri.host()).isEqualTo(host);
        assertThat(uri.port()).isEqualTo(port);
        assertThat(uri.credentials()).isNull();
        assertThat(uri.address().isUnresolved()).isTrue();
    }

    @Test
    void userInfoIsPercentDecodedAsUtf8() {
        ProxyUri uri = ProxyUri.parse("socks5://us%40er:p%3Ass%2Bw+rd%C3%A9@h:1");
        assertThat(uri.credentials()).isEqualTo(new ProxyCredentials("us@er", "p:ss+w+rd\u00e9"));
        // the password may itself contain '@': the last '@' ends the user info
        assertThat(ProxyUri.parse("http://u:a@b@h").credentials()).isEqualTo(new ProxyCredentials("u", "a@b"));
        assertThat(ProxyUri.parse("http://u@h").credentials()).isEqualTo(new ProxyCredentials("u", ""));
        assertThat(ProxyUri.parse("http://u:@h").credentials()).isEqualTo(new ProxyCredentials("u", ""));
    }

    @Test
    void toStringHidesThePassword() {
        ProxyUri uri = ProxyUri.parse("socks5h://us%40er:topsecret@[::1]:9050");
        assertThat(uri.toString()).isEqualTo("socks5h://us%40er:***@[::1]:9050");
        assertThat(java.util.Objects.requireNonNull(uri.credentials()).toString())
                .isEqualTo("ProxyCredentials[username=us@er, password=***]");
        assertThat(ProxyUri.parse("http://h").toString()).isEqualTo("http://h:80");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ftp://h:21 | SCHEME | proxy URI 'ftp://h:21' has unknown scheme 'ftp', expected socks5, socks5h, http or https",
                "socks4://u:pw@h | SCHEME | proxy URI 'socks4://***@h' has unknown scheme 'socks4', expected socks5, socks5h, http or https",
                "h:1080 | SYNTAX | proxy URI 'h:1080' has no scheme, expected scheme://[user[:password]@]host[:port]",
                "://h | SYNTAX | proxy URI '://h' has no scheme, expected scheme://[user[:password]@]host[:port]",
                "socks5:// | HOST | proxy URI 'socks5://' has no host, expected scheme://host[:port]",
                "socks5://:1080 | HOST | proxy URI 'socks5://:1080' has no host, expected scheme://host[:port]",
                "http://u:secret@ | HOST | proxy URI 'http://***@' has no host, expected scheme://host[:port]",
                "http://bad host | HOST | proxy URI 'http://bad host' has character ' ' at index 3 of host 'bad host', expected letters, digits, '-', '.' or '_'",
                "http://::1:80 | HOST | proxy URI 'http://::1:80' has an IPv6 host without brackets, expected e.g. [::1]:1080",
                "http://[::1 | HOST | proxy URI 'http://[::1' has an unclosed '[' in its host",
                "http://[example.org]:80 | HOST | proxy URI 'http://[example.org]:80' has 'example.org' in brackets, expected an IPv6 address",
                "http://[::1]x | SYNTAX | proxy URI 'http://[::1]x' has 'x' after its IPv6 host, expected ':port'",
                "http://h: | PORT | proxy URI 'http://h:' has an empty port after ':', expected 1..65535",
                "http://h:abc | PORT | proxy URI 'http://h:abc' has port 'abc', expected a number 1..65535",
                "http://h:-1 | PORT | proxy URI 'http://h:-1' has port '-1', expected a number 1..65535",
                "http://h:0 | PORT | proxy URI 'http://h:0' has port 0 out of range, expected 1..65535",
                "http://h:65536 | PORT | proxy URI 'http://h:65536' has port 65536 out of range, expected 1..65535",
                "http://h:99999999999 | PORT | proxy URI 'http://h:99999999999' has port '99999999999', expected a number 1..65535",
                "http://h:80/path | SYNTAX | proxy URI 'http://h:80/path' has a path, query or fragment ('/path'), expected nothing after host[:port]",
                "http://h?x=1 | SYNTAX | proxy URI 'http://h?x=1' has a path, query or fragment ('?x=1'), expected nothing after host[:port]",
                "http://:pw@h | USER_INFO | proxy URI 'http://***@h' has an empty user name before '@', expected user[:password]@",
                "http://u:p%4@h | USER_INFO | proxy URI 'http://***@h' has a bad percent-escape at index 1 of its password, expected '%' and two hex digits",
                "http://u%zz:p@h | USER_INFO | proxy URI 'http://***@h' has a bad percent-escape at index 1 of its user name, expected '%' and two hex digits",
                "http://u:%C3%28@h | USER_INFO | proxy URI 'http://***@h' has a password whose percent-escapes are not UTF-8"
            })
    void badInputNamesThePartAndWhatWasExpected(String text, ProxyUriException.Part part, String message) {
        ProxyUriException e = catchThrowableOfType(ProxyUriException.class, () -> ProxyUri.parse(text));
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.part()).isEqualTo(part);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void eachSchemeMakesItsDialer() {
        assertThat(ProxyUri.parse("socks5://u:p@h").dialer(Dialer.DIRECT))
                .isInstanceOf(Socks5Dialer.class)
                .hasToString("Socks5Dialer[h:1080, user u, via " + Dialer.DIRECT + "]");
        assertThat(ProxyUri.parse("socks5h://h").dialer(Dialer.DIRECT)).isInstanceOf(Socks5Dialer.class);
        assertThat(ProxyUri.parse("http://h").dialer(Dialer.DIRECT))
                .isInstanceOf(HttpConnectDialer.class)
                .hasToString("HttpConnectDialer[http://h:80, via " + Dialer.DIRECT + "]");
        assertThat(ProxyUri.parse("https://u:p@h").dialer(Dialer.DIRECT))
                .hasToString("HttpConnectDialer[https://h:443, user u, via " + Dialer.DIRECT + "]");
    }

    @Test
    void javaNetProxyMapsToSocks5hAndHttp() {
        InetSocketAddress address = InetSocketAddress.createUnresolved("proxy.corp", 1080);
        assertThat(ProxyUri.of(new Proxy(Proxy.Type.SOCKS, address)))
                .isEqualTo(new ProxyUri(ProxyUri.Scheme.SOCKS5H, "proxy.corp", 1080, null));
        assertThat(ProxyUri.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("web.corp", 3128))))
                .isEqualTo(new ProxyUri(ProxyUri.Scheme.HTTP, "web.corp", 3128, null));
        assertThat(ProxyUri.dialerFor(Proxy.NO_PROXY, Dialer.DIRECT)).isSameAs(Dialer.DIRECT);
        assertThat(ProxyUri.dialerFor(new Proxy(Proxy.Type.SOCKS, address), Dialer.DIRECT))
                .isInstanceOf(Socks5Dialer.class);
        ProxyUriException e = catchThrowableOfType(ProxyUriException.class, () -> ProxyUri.of(Proxy.NO_PROXY));
        assertThat(e.part()).isEqualTo(ProxyUriException.Part.SCHEME);
        assertThat(e.getMessage()).isEqualTo("java.net.Proxy of type DIRECT names no proxy, expected SOCKS or HTTP");
    }

    @Test
    void chainsParseInOrderAndComposeFirstHopOutermost() {
        ProxyChain chain = ProxyChain.parse(" http://a:3128,socks5h://u:pw@b:1080\n https://c ");
        assertThat(chain.hops()).extracting(ProxyUri::host).containsExactly("a", "b", "c");
        assertThat(chain).hasToString("http://a:3128 -> socks5h://u:***@b:1080 -> https://c:443");
        Dialer d = chain.dialer(Dialer.DIRECT);
        assertThat(d.toString())
                .isEqualTo("HttpConnectDialer[https://c:443, via Socks5Dialer[b:1080, user u, via "
                        + "HttpConnectDialer[http://a:3128, via " + Dialer.DIRECT + "]]]");
        assertThat(ProxyChain.of(List.of("socks5://x")).hops()).hasSize(1);
    }

    @Test
    void chainErrorsNameTheHop() {
        ProxyUriException e = catchThrowableOfType(
                ProxyUriException.class, () -> ProxyChain.parse("http://a, socks5://u:pw@b:0, http://c"));
        assertThat(e.part()).isEqualTo(ProxyUriException.Part.PORT);
        assertThat(e.getMessage())
                .isEqualTo("proxy chain hop 2 of 3: proxy URI 'socks5://***@b:0' has port 0 out of range,"
                        + " expected 1..65535");
        ProxyUriException empty = catchThrowableOfType(ProxyUriException.class, () -> ProxyChain.parse(" , "));
        assertThat(empty.getMessage()).isEqualTo("proxy chain is empty, expected at least one URI");
    }
}
