package io.mtj.core.bootstrap;

import static io.mtj.core.bootstrap.SimpleConfigException.Reason.SOURCE;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The simple config from a DNS-over-HTTPS JSON resolver: {@code GET <resolver>?name=<domain>&type=TXT} with {@code
 * Accept: application/dns-json}; the TXT record comes in two parts, joined longer first (as tdlib joins them).
 *
 * <p>{@link #GOOGLE} and {@link #CLOUDFLARE} are the resolvers tdlib asks; a test passes a loopback stub's URI and
 * an {@link SSLContext} trusting its certificate.
 */
public final class DnsOverHttpsSource implements ConfigSource {
    /** Google's JSON resolver. */
    public static final URI GOOGLE = URI.create("https://dns.google/resolve");

    /** Cloudflare's JSON resolver (Mozilla's endpoint, as tdlib uses). */
    public static final URI CLOUDFLARE = URI.create("https://mozilla.cloudflare-dns.com/dns-query");

    /** The production domain whose TXT record carries the config. */
    public static final String PRODUCTION_DOMAIN = "apv3.stel.com";

    /** The test-server domain. */
    public static final String TEST_DOMAIN = "tapv3.stel.com";

    private final URI resolver;
    private final String domain;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * A source asking {@code resolver} for the TXT record of {@code domain}.
     *
     * @param resolver the resolver's JSON API, an {@code https://} URI
     * @param domain the record's name ({@link #PRODUCTION_DOMAIN} or {@link #TEST_DOMAIN})
     * @param timeout the bound on connecting and on the whole request
     * @param tls the TLS context (a test stub's certificate), or null for the JDK default trust
     * @throws IllegalArgumentException if the resolver is not an {@code https://} URI
     */
    public DnsOverHttpsSource(URI resolver, String domain, Duration timeout, @Nullable SSLContext tls) {
        if (!"https".equals(resolver.getScheme())) {
            throw new IllegalArgumentException("a DNS-over-HTTPS resolver is an https:// URI, got " + resolver);
        }
        this.resolver = resolver;
        this.domain = domain;
        this.timeout = timeout;
        HttpClient.Builder b =
                HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            b.sslContext(tls);
        }
        this.client = b.build();
    }

    /**
     * The request this source sends.
     *
     * @return the resolver URI with the name and type asked
     */
    public URI requestUri() {
        return URI.create(resolver + "?name=" + URLEncoder.encode(domain, StandardCharsets.UTF_8) + "&type=TXT");
    }

    @Override
    public String fetch() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(requestUri())
                .timeout(timeout)
                .header("Accept", "application/dns-json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while asking " + resolver.getHost());
        }
        if (response.statusCode() != 200) {
            throw new SimpleConfigException(
                    SOURCE,
                    "DNS-over-HTTPS resolver " + resolver.getHost() + " answered HTTP " + response.statusCode());
        }
        List<String> parts = DohJson.answerData(response.body());
        if (parts.size() != 2) {
            throw new SimpleConfigException(
                    SOURCE,
                    "DNS-over-HTTPS answer for " + domain + ": expected the TXT record in 2 parts, got "
                            + parts.size());
        }
        String a = parts.get(0);
        String b = parts.get(1);
        return a.length() < b.length() ? b + a : a + b;
    }

    @Override
    public String toString() {
        return "DNS-over-HTTPS " + resolver.getHost() + " (" + domain + ")";
    }
}
