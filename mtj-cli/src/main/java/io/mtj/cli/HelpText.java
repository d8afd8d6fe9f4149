package io.mtj.cli;

/** The text of {@code mtj help}. */
final class HelpText {
    private HelpText() {}

    static String text() {
        return """
                mtj: an MTProto 2.0 client and a local test data centre

                usage: mtj COMMAND [OPTIONS]

                commands:
                  connect   connect, create an auth key, call help.getConfig and print it
                  testdc    run a test data centre (or, with --dcs, a cluster) on loopback until interrupted
                  login     log in as a bot or a user, following the account to its home DC
                  version   print the version, the API layer and a crypto self-check
                  help      print this text

                mtj connect [OPTIONS]
                  With no --dc or --telegram, an embedded test DC is started on 127.0.0.1 and used,
                  with a WebSocket listener for --transport websocket and an MTProxy for --mtproxy.
                  --telegram           dial Telegram's DC --dc-id at its listed address, trusting
                                       Telegram's embedded RSA key (real Telegram needs a real
                                       --api-id and --api-hash)
                  --test-servers       with --telegram: Telegram's test DCs 1..3 and their key
                  --dc HOST:PORT       the data centre to dial ([::1]:443 for IPv6); with
                                       websocket(-secure) the WebSocket server, path /apiws;
                                       one of Telegram's listed addresses sets --dc-id and the key
                  --dc-id N            its dc id, 1..9999 (default %d)
                  --rsa-key FILE       its RSA public key, PEM (required with a --dc that is not
                                       one of Telegram's)
                  --transport NAME     %s
                                       (default intermediate; websocket-secure needs --dc)
                  --proxy URI          socks5://[user:pass@]host:port, socks5h://..., http://...,
                                       https://..., or an MTProxy link tg://proxy?server=..&port=..&secret=..
                                       or https://t.me/proxy?... (an MTProxy link needs --dc)
                  --mtproxy            connect through an MTProxy on the embedded test DC, with an ee
                                       (fake-TLS) secret generated for the run and printed as a tg:// link
                  --api-id N           api_id sent in initConnection (default %d)
                  --api-hash HEX       api_hash, 32 hexadecimal digits
                  --session FILE       keep the auth key in FILE and reuse it next time
                  --trace              print every frame in hex with its direction and framing
                  --timeout DURATION   give up after DURATION: 500ms, 10s, 2m (default %ds)
                  --verbose            print stack traces of failures

                mtj testdc [OPTIONS]
                  --host ADDRESS       address to listen on (default %s)
                  --port N             port to listen on, 0 for any free port (default 0)
                  --dc-id N            the dc id it reports as this_dc (default %d)
                  --chaos SPEC         apply faults continuously, e.g. close-every=64KB,kill=random,skew=+3600s
                                       (grammar in mtj-testdc/README.md); stops at Ctrl-C or the end of
                                       standard input and prints "executed N calls, M more than once"
                  --verbose            print stack traces of failures
                  --dcs N              a cluster of N DCs (1..5) instead, each with a media-only address:
                    --bot ID:SECRET@DC           a bot homed on DC (repeatable)
                    --user PHONE@DC[:PASSWORD]   a user homed on DC, with a two-step password
                    --key-out FILE               also write the shared RSA public key to FILE

                mtj login (--bot-token ID:SECRET | --phone NUMBER) [route options as connect]
                  --code CODE          the login code (else read from the terminal)
                  --password-file FILE the two-step password, first line of FILE (else asked)
                  With no --dc, an embedded 3-DC test cluster is started and DC 1 dialled.

                Exit status: 0 success, 1 failure, 2 wrong command line.
                """.formatted(
                        ConnectOptions.DEFAULT_DC_ID,
                        TransportChoice.allNames(),
                        ConnectOptions.DEFAULT_API_ID,
                        ConnectOptions.DEFAULT_TIMEOUT.toSeconds(),
                        TestDcOptions.DEFAULT_HOST,
                        ConnectOptions.DEFAULT_DC_ID);
    }
}
