package io.mtj.testdc;

import java.math.BigInteger;

/** The Diffie-Hellman group the test DC offers: Telegram's well-known 2048-bit safe prime with generator 3. */
final class DhParameters {
    /** g = 3 (valid because the prime is 2 mod 3). */
    static final int G = 3;

    /** The 2048-bit safe prime production Telegram servers send in server_DH_inner_data. */
    static final BigInteger PRIME = new BigInteger(
            "C71CAEB9C6B1C9048E6C522F70F13F73980D40238E3E21C14934D037563D930F"
                    + "48198A0AA7C14058229493D22530F4DBFA336F6E0AC925139543AED44CCE7C37"
                    + "20FD51F69458705AC68CD4FE6B6B13ABDC9746512969328454F18FAF8C595F64"
                    + "2477FE96BB2A941D5BCD1D4AC8CC49880708FA9B378E3C4F3A9060BEE67CF9A4"
                    + "A4A695811051907E162753B56B0F6B410DBA74D8A84B2A14B3144E0EF1284754"
                    + "FD17ED950D5965B4B9DD46582DB1178D169C6BC465B0D6FF9CA3928FEF5B9AE4"
                    + "E418FC15E83EBEA0F87FA9FF5EED70050DED2849F47BF959D956850CE929851F"
                    + "0D8115F635B105EE2E4E15D04B2454BF6F4FADF034B10403119CD8E3B92FCC5B",
            16);

    private DhParameters() {}

    /** {@code value} as exactly {@code length} big-endian unsigned bytes (left-padded with zeros). */
    static byte[] toFixed(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    /** {@code value} as minimal big-endian unsigned bytes (no sign byte). */
    static byte[] toUnsigned(BigInteger value) {
        byte[] raw = value.toByteArray();
        if (raw.length > 1 && raw[0] == 0) {
            byte[] out = new byte[raw.length - 1];
            System.arraycopy(raw, 1, out, 0, out.length);
            return out;
        }
        return raw;
    }
}
