package io.mtj.testdc;

/**
 * The fields of an {@code initConnection} wrapper (proxy and params are skipped).
 *
 * @param apiId the client's api_id
 */
public record InitConnectionInfo(
        int apiId,
        String deviceModel,
        String systemVersion,
        String appVersion,
        String systemLangCode,
        String langPack,
        String langCode) {}
