package io.mtj.core.files;

import java.io.IOException;

/** A file transfer stopped: names the file, the part and the cause (the server's error or the lost connection). */
public final class FileTransferException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int part;

    public FileTransferException(String message, int part, Throwable cause) {
        super(message, cause);
        this.part = part;
    }

    /** The part that failed (0-based). */
    public int part() {
        return part;
    }
}
