package io.mtj.examples;

import io.mtj.api.telegram.Config;
import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.NearestDc;
import io.mtj.core.ClientConfig;
import io.mtj.core.Subscription;
import io.mtj.core.TelegramClient;
import java.nio.file.Path;

public final class FirstProgram {
    public static void main(String[] args) throws Exception {
        int apiId = Integer.parseInt(System.getenv("TG_API_ID")); // your app's id and hash, from my.telegram.org
        String apiHash = System.getenv("TG_API_HASH");
        ClientConfig config = ClientConfig.builder(apiId, apiHash) // Telegram's production DC 2, Telegram's key
                .sessionFile(Path.of("me.session")) // the auth key is kept and reused next time
                // .testServers()                          Telegram's test DCs instead
                // .proxy("socks5://user:pass@127.0.0.1:1080")   or http(s)://, or an MTProxy tg://proxy?... link
                .build();
        try (TelegramClient client = new TelegramClient(config);
                Subscription updates = client.subscribe(u -> System.out.println("update: " + u))) {
            Config dc = client.connect(); // dial, transport, DH exchange, auth key, session, initConnection
            System.out.println("connected to DC " + dc.thisDc());
            NearestDc nearest = client.invoke(new HelpGetNearestDc()).join();
            System.out.println("nearest DC: " + nearest.nearestDc() + ", country " + nearest.country());
        }
    }

    private FirstProgram() {}
}
