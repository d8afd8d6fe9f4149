package io.mtj.core.files;

import io.mtj.api.telegram.InputFileLocationType;
import io.mtj.api.telegram.UploadFile;
import io.mtj.api.telegram.UploadFileType;
import io.mtj.api.telegram.UploadGetFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Downloads a file with {@code upload.getFile} in parts of {@value #PART_SIZE} bytes (the largest Telegram answers),
 * several parts in flight on each connection ({@value #DEFAULT_PARTS_IN_FLIGHT} by default), written in order as
 * they arrive. Memory holds only the parts in flight. A part shorter than {@value #PART_SIZE} bytes ends the file, so
 * the size need not be known ahead.
 *
 * <p>A part the server refuses (or a CDN redirect, which this helper does not follow), or whose connection is lost,
 * stops the download with {@link FileTransferException} naming the part; what was written stays written.
 */
public final class FileDownloader {
    /** Bytes asked per {@code upload.getFile}: 1 MiB, Telegram's largest limit. */
    public static final int PART_SIZE = 1024 * 1024;
    /** Default parts in flight per connection. */
    public static final int DEFAULT_PARTS_IN_FLIGHT = 2;

    private final List<FileCaller> connections;
    private final int partsInFlight;

    /**
     * Downloads over {@code connections} with {@value #DEFAULT_PARTS_IN_FLIGHT} parts in flight on each.
     *
     * @param connections the connections parts are spread over; not empty, copied
     * @throws IllegalArgumentException when {@code connections} is empty
     */
    public FileDownloader(List<FileCaller> connections) {
        this(connections, DEFAULT_PARTS_IN_FLIGHT);
    }

    /**
     * Downloads over {@code connections} with {@code partsInFlightPerConnection} parts in flight on each.
     *
     * @param connections the connections parts are spread over; not empty, copied
     * @param partsInFlightPerConnection how many unanswered parts one connection may carry; at least 1
     * @throws IllegalArgumentException when {@code connections} is empty or the count is below 1
     */
    public FileDownloader(List<FileCaller> connections, int partsInFlightPerConnection) {
        if (partsInFlightPerConnection < 1) {
            throw new IllegalArgumentException(
                    "parts in flight per connection must be at least 1, got " + partsInFlightPerConnection);
        }
        new PartWindow<UploadFileType>(connections, 1); // validates the list
        this.connections = List.copyOf(connections);
        this.partsInFlight = partsInFlightPerConnection;
    }

    /**
     * Downloads into {@code file} (created or truncated). Blocks until the last part is written; a downloader may
     * run several downloads at once from different threads.
     *
     * @param location the file to ask for
     * @param size the file's size when known (no part past it is asked for), or -1
     * @param file where the bytes go
     * @param progress told after each part written
     * @return the bytes written
     * @throws FileTransferException when a part fails (the parts before it stay in {@code file})
     * @throws IOException when {@code file} cannot be written
     * @throws InterruptedException when the calling thread is interrupted while it waits for answers
     */
    public long download(InputFileLocationType location, long size, Path file, TransferProgress progress)
            throws IOException, InterruptedException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            return download(location, size, out, progress);
        }
    }

    /**
     * Downloads into {@code out} (not closed), in order.
     *
     * @param location the file to ask for
     * @param size the file's size when known (no part past it is asked for), or -1
     * @param out where the bytes go
     * @param progress told after each part written
     * @return the bytes written
     * @throws FileTransferException when a part fails
     * @throws IOException when {@code out} cannot be written
     * @throws InterruptedException when the calling thread is interrupted while it waits for answers
     */
    public long download(InputFileLocationType location, long size, OutputStream out, TransferProgress progress)
            throws IOException, InterruptedException {
        long parts = size < 0 ? Long.MAX_VALUE : (size + PART_SIZE - 1) / PART_SIZE;
        PartWindow<UploadFileType> window = new PartWindow<>(connections, (long) partsInFlight * PART_SIZE);
        long done = 0;
        long next = 0;
        boolean ended = parts == 0;
        try {
            while (true) {
                int connection;
                while (!ended && next < parts && (connection = window.roomFor(PART_SIZE)) >= 0) {
                    window.send(
                            (int) next,
                            PART_SIZE,
                            connection,
                            new UploadGetFile(false, false, location, next * PART_SIZE, PART_SIZE));
                    next++;
                }
                if (window.isEmpty()) {
                    return done;
                }
                PartWindow.Part<UploadFileType> part = window.takeOldest();
                byte[] bytes = bytesOf(part, parts);
                out.write(bytes);
                done += bytes.length;
                progress.progress(done, size);
                if (bytes.length < PART_SIZE || part.index() + 1 >= parts) {
                    ended = true;
                    window.abandon();
                    return done;
                }
            }
        } finally {
            window.abandon();
        }
    }

    private static byte[] bytesOf(PartWindow.Part<UploadFileType> part, long parts) throws FileTransferException {
        String of = parts == Long.MAX_VALUE ? "" : " of " + parts;
        if (part.answer().isCompletedExceptionally()) {
            Throwable cause = part.answer().exceptionNow();
            throw new FileTransferException(
                    "downloading stopped at part " + part.index() + of + ": " + cause.getMessage(),
                    part.index(),
                    cause);
        }
        UploadFileType answer = part.answer().join();
        if (answer instanceof UploadFile file) {
            return file.bytes();
        }
        throw new FileTransferException(
                "downloading stopped at part " + part.index() + of + ": the server answered "
                        + answer.getClass().getSimpleName() + " (a CDN redirect), which this helper does not follow",
                part.index(),
                new IOException(answer.getClass().getSimpleName()));
    }
}
