package io.mtj.core;

import java.util.Objects;

/**
 * What initConnection tells the server about the client.
 *
 * @param deviceModel e.g. "PC 64bit"
 * @param systemVersion e.g. "Linux 6.8"
 * @param appVersion the application's version
 * @param systemLangCode the system language, e.g. "en"
 * @param langPack the language pack name ("" for none)
 * @param langCode the client language, e.g. "en"
 */
public record DeviceInfo(
        String deviceModel,
        String systemVersion,
        String appVersion,
        String systemLangCode,
        String langPack,
        String langCode) {
    /** Checks that no field is null (empty strings are allowed). */
    public DeviceInfo {
        Objects.requireNonNull(deviceModel, "deviceModel");
        Objects.requireNonNull(systemVersion, "systemVersion");
        Objects.requireNonNull(appVersion, "appVersion");
        Objects.requireNonNull(systemLangCode, "systemLangCode");
        Objects.requireNonNull(langPack, "langPack");
        Objects.requireNonNull(langCode, "langCode");
    }

    /**
     * Model and system from the JVM's os.* properties, app version "MTJ 0.1", English.
     *
     * @return the defaults for this JVM
     */
    public static DeviceInfo defaults() {
        return new DeviceInfo(
                System.getProperty("os.arch", "unknown"),
                System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", ""),
                "MTJ 0.1",
                "en",
                "",
                "en");
    }
}
