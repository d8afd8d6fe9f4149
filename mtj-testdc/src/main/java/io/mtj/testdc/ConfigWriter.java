package io.mtj.testdc;

import io.mtj.tl.TlWriter;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Serializes the {@code Config} (layer 229 constructor {@code config#cc1a241e}) and {@code nearestDc} the DC
 * answers help.getConfig and help.getNearestDc with. Written by hand so that the DC depends only on the TL runtime;
 * a test decodes the bytes with the generated API classes.
 */
final class ConfigWriter {
    static final int CONFIG = 0xcc1a241e;
    static final int DC_OPTION = 0x18b7a10d;
    static final int NEAREST_DC = 0x8e1a1775;
    /** How long a config stays valid, in seconds. */
    static final int EXPIRES_AFTER = 3600;

    private ConfigWriter() {}

    /** {@code config} with only {@code listeners} (loopback addresses) as dc_options. */
    static byte[] config(int dcId, int date, boolean testMode, List<InetSocketAddress> listeners) {
        TlWriter out = new TlWriter(512);
        out.writeInt(CONFIG);
        out.writeInt(0); // flags: no optional field
        out.writeInt(date);
        out.writeInt(date + EXPIRES_AFTER);
        out.writeBool(testMode);
        out.writeInt(dcId);
        out.writeInt(ServiceIds.VECTOR).writeInt(listeners.size());
        for (InetSocketAddress address : listeners) {
            boolean ipv6 = address.getAddress() instanceof Inet6Address;
            out.writeInt(DC_OPTION);
            out.writeInt(ipv6 ? 1 : 0); // flags.0 = ipv6
            out.writeInt(dcId);
            out.writeString(address.getAddress().getHostAddress());
            out.writeInt(address.getPort());
        }
        out.writeString(""); // dc_txt_domain_name: none, so clients do not look one up
        out.writeInt(200); // chat_size_max
        out.writeInt(200_000); // megagroup_size_max
        out.writeInt(100); // forwarded_count_max
        out.writeInt(210_000); // online_update_period_ms
        out.writeInt(5_000); // offline_blur_timeout_ms
        out.writeInt(30_000); // offline_idle_timeout_ms
        out.writeInt(300_000); // online_cloud_timeout_ms
        out.writeInt(30_000); // notify_cloud_delay_ms
        out.writeInt(1_500); // notify_default_delay_ms
        out.writeInt(60_000); // push_chat_period_ms
        out.writeInt(2); // push_chat_limit
        out.writeInt(172_800); // edit_time_limit
        out.writeInt(Integer.MAX_VALUE); // revoke_time_limit
        out.writeInt(Integer.MAX_VALUE); // revoke_pm_time_limit
        out.writeInt(2_419_200); // rating_e_decay
        out.writeInt(200); // stickers_recent_limit
        out.writeInt(604_800); // channels_read_media_period
        out.writeInt(20_000); // call_receive_timeout_ms
        out.writeInt(90_000); // call_ring_timeout_ms
        out.writeInt(30_000); // call_connect_timeout_ms
        out.writeInt(10_000); // call_packet_timeout_ms
        out.writeString("https://t.me/"); // me_url_prefix
        out.writeInt(1024); // caption_length_max
        out.writeInt(4096); // message_length_max
        out.writeInt(dcId); // webfile_dc_id
        return out.toByteArray();
    }

    /** {@code nearestDc country:string this_dc:int nearest_dc:int}: this DC is the nearest. */
    static byte[] nearestDc(int dcId) {
        return new TlWriter(32)
                .writeInt(NEAREST_DC)
                .writeString("ZZ")
                .writeInt(dcId)
                .writeInt(dcId)
                .toByteArray();
    }
}
