package io.mtj.core.files;

import io.mtj.api.telegram.InputFile;
import io.mtj.api.telegram.InputFileBig;
import io.mtj.api.telegram.InputFileType;
import io.mtj.api.telegram.UploadSaveBigFilePart;
import io.mtj.api.telegram.UploadSaveFilePart;
import io.mtj.tl.TlMethod;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Uploads a file in parts of {@value #PART_SIZE} bytes with {@code upload.saveFilePart} (or {@code
 * upload.saveBigFilePart} above {@value #BIG_FILE_BYTES} bytes), several parts in flight on each connection but never
 * more than a byte budget per connection ({@value #DEFAULT_BYTES_IN_FLIGHT} by default: Telegram answers -429 when
 * one connection carries too much at once, and about 1 MiB is what other clients found safe). The file is read as the
 * parts go, so memory holds only the parts in flight. The result is the {@code InputFile} to send with a message.
 *
 * <p>A part the server refuses, or whose connection is lost, stops the upload with {@link FileTransferException}
 * naming the part; nothing is retried here (a caller may upload again, under a new file id).
 */
public final class FileUploader {
    /** Part size: the largest Telegram takes, and a divisor of 512 KiB as it asks. */
    public static final int PART_SIZE = 512 * 1024;
    /** Files larger than this go with saveBigFilePart, as Telegram asks. */
    public static final long BIG_FILE_BYTES = 10L * 1024 * 1024;
    /** Parts Telegram accepts per file (4000 x 512 KiB = 2000 MiB). */
    public static final int MAX_PARTS = 4000;
    /** Default bytes in flight per connection. */
    public static final int DEFAULT_BYTES_IN_FLIGHT = 1024 * 1024;

    private final List<FileCaller> connections;
    private final long bytesInFlight;
    private final RandomGenerator random;

    /**
     * Uploads over {@code connections} with the default budget and a {@link SecureRandom} for file ids.
     *
     * @param connections the connections parts are spread over (each gets its own budget); not empty
     * @throws IllegalArgumentException when {@code connections} is empty
     */
    public FileUploader(List<FileCaller> connections) {
        this(connections, DEFAULT_BYTES_IN_FLIGHT, new SecureRandom());
    }

    /**
     * Uploads over {@code connections} with a budget of {@code bytesInFlightPerConnection} on each.
     *
     * @param connections the connections parts are spread over; not empty, copied
     * @param bytesInFlightPerConnection how many bytes of unanswered parts one connection may carry; positive (a
     *     part is sent alone when it is larger)
     * @param random the source of file ids
     * @throws IllegalArgumentException when {@code connections} is empty or the budget is not positive
     */
    public FileUploader(List<FileCaller> connections, long bytesInFlightPerConnection, RandomGenerator random) {
        new PartWindow<Boolean>(connections, bytesInFlightPerConnection); // validates the arguments
        this.connections = List.copyOf(connections);
        this.bytesInFlight = bytesInFlightPerConnection;
        this.random = random;
    }

    /**
     * Uploads {@code file} under its own name. Blocks until every part is acknowledged; an uploader may run several
     * uploads at once from different threads when its random generator is thread-safe (the default one is).
     *
     * @param file the file to read; its size is taken before the upload starts
     * @param progress told after each acknowledged part
     * @return the {@code InputFile} (or {@code InputFileBig}) naming the uploaded parts
     * @throws IllegalArgumentException for an empty file or one over {@value #MAX_PARTS} parts
     * @throws FileTransferException when a part fails
     * @throws IOException when the file cannot be read or ends early
     * @throws InterruptedException when the calling thread is interrupted while it waits for answers
     */
    public InputFileType upload(Path file, TransferProgress progress) throws IOException, InterruptedException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            return upload(in, size, String.valueOf(file.getFileName()), progress);
        }
    }

    /**
     * Uploads {@code size} bytes read from {@code in} (which is not closed).
     *
     * @param in where the bytes come from; read once, in order
     * @param size how many bytes to upload; positive
     * @param name the file name Telegram records
     * @param progress told after each acknowledged part
     * @return the {@code InputFile} (or {@code InputFileBig}) naming the uploaded parts
     * @throws IllegalArgumentException for an empty file or one over {@value #MAX_PARTS} parts
     * @throws EOFException when {@code in} ends before {@code size} bytes
     * @throws FileTransferException when a part fails
     * @throws IOException when {@code in} cannot be read
     * @throws InterruptedException when the calling thread is interrupted while it waits for answers
     */
    public InputFileType upload(InputStream in, long size, String name, TransferProgress progress)
            throws IOException, InterruptedException {
        if (size <= 0) {
            throw new IllegalArgumentException(
                    "cannot upload " + name + ": it is empty (Telegram refuses empty files)");
        }
        long partCount = (size + PART_SIZE - 1) / PART_SIZE;
        if (partCount > MAX_PARTS) {
            throw new IllegalArgumentException("cannot upload " + name + ": " + size + " bytes is " + partCount
                    + " parts of " + PART_SIZE + " bytes, over Telegram's " + MAX_PARTS);
        }
        int parts = (int) partCount;
        boolean big = size > BIG_FILE_BYTES;
        long fileId = random.nextLong();
        PartWindow<Boolean> window = new PartWindow<>(connections, bytesInFlight);
        long done = 0;
        try {
            for (int part = 0; part < parts; part++) {
                int length = (int) Math.min(PART_SIZE, size - (long) part * PART_SIZE);
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length) {
                    throw new EOFException("cannot upload " + name + ": the stream ended after "
                            + ((long) part * PART_SIZE + bytes.length) + " of " + size + " bytes");
                }
                int connection;
                while ((connection = window.roomFor(length)) < 0) {
                    done += take(window, name, parts);
                    progress.progress(done, size);
                }
                TlMethod<Boolean> call = big
                        ? new UploadSaveBigFilePart(fileId, part, parts, bytes)
                        : new UploadSaveFilePart(fileId, part, bytes);
                window.send(part, length, connection, call);
            }
            while (!window.isEmpty()) {
                done += take(window, name, parts);
                progress.progress(done, size);
            }
        } finally {
            window.abandon();
        }
        return big ? new InputFileBig(fileId, parts, name) : new InputFile(fileId, parts, name, "");
    }

    private static int take(PartWindow<Boolean> window, String name, int parts)
            throws InterruptedException, FileTransferException {
        PartWindow.Part<Boolean> part = window.takeOldest();
        if (part.answer().isCompletedExceptionally()) {
            Throwable cause = part.answer().exceptionNow();
            throw new FileTransferException(
                    "uploading " + name + " stopped at part " + part.index() + " of " + parts + ": "
                            + cause.getMessage(),
                    part.index(),
                    cause);
        }
        if (!Boolean.TRUE.equals(part.answer().join())) {
            throw new FileTransferException(
                    "uploading " + name + " stopped at part " + part.index() + " of " + parts
                            + ": the server answered boolFalse",
                    part.index(),
                    new IOException("boolFalse"));
        }
        return part.bytes();
    }
}
