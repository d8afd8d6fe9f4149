package io.mtj.core.dc;

/**
 * How many connections (each a {@link io.mtj.core.TelegramClient} with its own session on the DC's auth key) a {@link
 * DcRouter} may open per DC for each {@link DcRouter.Traffic} kind. A pool opens a connection only when a call finds
 * every open one busy, so these are ceilings, reached only under load.
 *
 * <p>The defaults are tdlib's ({@code NetQueryDispatcher}): one main connection (more main sessions make Telegram
 * deliver updates more than once), two for downloads, eight for uploads except on DCs 2 and 4, where an account
 * without Premium gets four; {@link #premium()} is eight of each file kind everywhere. tdlib also keeps a separate
 * pool for small downloads so they do not queue behind large ones; here small and large downloads share one pool.
 *
 * @param main connections for API calls per DC; at least 1
 * @param download connections for {@code upload.getFile} per DC; at least 1
 * @param upload connections for file parts per DC other than 2 and 4; at least 1
 * @param uploadOnDcs2And4 connections for file parts on DCs 2 and 4; at least 1
 */
public record PoolSizes(int main, int download, int upload, int uploadOnDcs2And4) {
    /** The most connections one pool may have. */
    public static final int MAX = 32;

    /**
     * Checks the counts.
     *
     * @throws IllegalArgumentException when a count is outside 1..{@value #MAX}
     */
    public PoolSizes {
        check("main", main);
        check("download", download);
        check("upload", upload);
        check("upload on dcs 2 and 4", uploadOnDcs2And4);
    }

    private static void check(String what, int n) {
        if (n < 1 || n > MAX) {
            throw new IllegalArgumentException(what + " connections per dc must be 1.." + MAX + ", got " + n);
        }
    }

    /** {@return tdlib's sizes for an account without Premium: 1 main, 2 download, 8 upload (4 on DCs 2 and 4)} */
    public static PoolSizes defaults() {
        return new PoolSizes(1, 2, 8, 4);
    }

    /** {@return tdlib's sizes for a Premium account: 1 main, 8 download, 8 upload on every DC} */
    public static PoolSizes premium() {
        return new PoolSizes(1, 8, 8, 8);
    }

    /**
     * One connection of each kind per DC, as before pools: every file part of a DC shares one connection.
     *
     * @return sizes of 1
     */
    public static PoolSizes single() {
        return new PoolSizes(1, 1, 1, 1);
    }

    /**
     * The ceiling for one DC and kind.
     *
     * @param dcId the DC
     * @param traffic the kind of traffic
     * @return how many connections that pool may open
     */
    public int size(int dcId, DcRouter.Traffic traffic) {
        return switch (traffic) {
            case MAIN -> main;
            case DOWNLOAD -> download;
            case UPLOAD -> dcId == 2 || dcId == 4 ? uploadOnDcs2And4 : upload;
        };
    }
}
