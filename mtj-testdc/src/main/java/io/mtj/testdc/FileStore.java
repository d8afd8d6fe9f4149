package io.mtj.testdc;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The test DC's files: parts uploaded with {@code upload.saveFilePart} / {@code upload.saveBigFilePart}, kept by
 * file id, and documents readable with {@code upload.getFile}. {@link FileHandlers} answers the calls; this class
 * holds the bytes and the rules that are about the bytes.
 *
 * <p>Uploads are bounded: at most {@code maxUploadBytes} of parts are kept; when a new part would exceed that, the
 * files uploaded longest ago are forgotten first (logged). A single file larger than the whole budget is refused with
 * {@code FILE_PARTS_INVALID}. Uploads are kept per DC, not per user: the test DC has no accounts of its own.
 */
public final class FileStore {
    /** The largest part Telegram accepts (512 KiB). */
    public static final int MAX_PART_SIZE = 512 * 1024;
    /** Parts of a file are numbered 0..3999. */
    public static final int MAX_PARTS = 4000;
    /** The largest {@code upload.getFile} limit (1 MiB). */
    public static final int MAX_GET_LIMIT = 1024 * 1024;
    /** Upload budget of a store made with {@link #FileStore()}. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 256L << 20;

    private static final System.Logger LOG = System.getLogger(FileStore.class.getName());

    private final long maxUploadBytes;
    private final ReentrantLock lock = new ReentrantLock();
    /** Insertion order = upload order, for eviction. Guarded by {@link #lock}. */
    private final LinkedHashMap<Long, Upload> uploads = new LinkedHashMap<>();

    private long uploadBytes;
    private final Map<Long, Document> documents = new ConcurrentHashMap<>();

    /** A store keeping at most {@value #DEFAULT_MAX_UPLOAD_BYTES} bytes of uploaded parts. */
    public FileStore() {
        this(DEFAULT_MAX_UPLOAD_BYTES);
    }

    public FileStore(long maxUploadBytes) {
        if (maxUploadBytes < MAX_PART_SIZE) {
            throw new IllegalArgumentException("the upload budget must hold at least one part of " + MAX_PART_SIZE
                    + " bytes, got " + maxUploadBytes);
        }
        this.maxUploadBytes = maxUploadBytes;
    }

    private static final class Upload {
        final TreeMap<Integer, byte[]> parts = new TreeMap<>();
        /** Declared by saveBigFilePart, 0 for a small file. */
        int totalParts;

        long bytes() {
            long n = 0;
            for (byte[] p : parts.values()) {
                n += p.length;
            }
            return n;
        }
    }

    private record Document(long accessHash, byte[] content, int mtime) {}

    /**
     * Stores one part. {@code totalParts} is 0 for {@code upload.saveFilePart} and the declared count for {@code
     * upload.saveBigFilePart}. A part sent again replaces the earlier one.
     *
     * @throws RpcFailure with Telegram's error for a part number out of range, an empty or oversized part, or a total
     *     that changed between parts of one big file
     */
    public void savePart(long fileId, int part, int totalParts, byte[] bytes) {
        if (bytes.length == 0) {
            throw new RpcFailure(400, "FILE_PART_EMPTY");
        }
        if (bytes.length > MAX_PART_SIZE) {
            throw new RpcFailure(400, "FILE_PART_TOO_BIG");
        }
        if (part < 0 || part >= MAX_PARTS || (totalParts > 0 && part >= totalParts)) {
            throw new RpcFailure(400, "FILE_PART_INVALID");
        }
        if (totalParts < 0 || totalParts > MAX_PARTS) {
            throw new RpcFailure(400, "FILE_PARTS_INVALID");
        }
        lock.lock();
        try {
            Upload upload = uploads.get(fileId);
            if (upload == null) {
                upload = new Upload();
                upload.totalParts = totalParts;
                uploads.put(fileId, upload);
            } else if (upload.totalParts != totalParts) {
                throw new RpcFailure(400, "FILE_PARTS_INVALID");
            }
            byte[] old = upload.parts.get(part);
            long grow = bytes.length - (old == null ? 0 : old.length);
            if (upload.bytes() + grow > maxUploadBytes) {
                throw new RpcFailure(400, "FILE_PARTS_INVALID");
            }
            evictFor(grow, fileId);
            upload.parts.put(part, bytes.clone());
            uploadBytes += grow;
        } finally {
            lock.unlock();
        }
    }

    private void evictFor(long grow, long keep) {
        Iterator<Map.Entry<Long, Upload>> oldest = uploads.entrySet().iterator();
        while (uploadBytes + grow > maxUploadBytes && oldest.hasNext()) {
            Map.Entry<Long, Upload> e = oldest.next();
            if (e.getKey() == keep) {
                continue;
            }
            long freed = e.getValue().bytes();
            oldest.remove();
            uploadBytes -= freed;
            LOG.log(
                    Level.DEBUG,
                    "upload of file {0} forgotten ({1} bytes): the test DC keeps at most {2} bytes of uploads",
                    Long.toUnsignedString(e.getKey()),
                    freed,
                    maxUploadBytes);
        }
    }

    /** Bytes of uploaded parts held now. */
    public long uploadBytes() {
        lock.lock();
        try {
            return uploadBytes;
        } finally {
            lock.unlock();
        }
    }

    /** How many parts of {@code fileId} are held (0 if none). */
    public int partCount(long fileId) {
        lock.lock();
        try {
            Upload upload = uploads.get(fileId);
            return upload == null ? 0 : upload.parts.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The uploaded file assembled from its parts, or null when no part of it is held.
     *
     * @throws RpcFailure {@code FILE_PARTS_INVALID} when a part is missing (or a big file has fewer parts than it
     *     declared), {@code FILE_PART_SIZE_INVALID} when a part other than the last is not a multiple of 1 KiB that
     *     divides 512 KiB, {@code FILE_PART_SIZE_CHANGED} when such parts differ in size or the last is larger
     */
    public byte @Nullable [] uploaded(long fileId) {
        lock.lock();
        try {
            Upload upload = uploads.get(fileId);
            if (upload == null) {
                return null;
            }
            int count = upload.parts.lastKey() + 1;
            if (upload.parts.size() != count || (upload.totalParts > 0 && count != upload.totalParts)) {
                throw new RpcFailure(400, "FILE_PARTS_INVALID");
            }
            int size = upload.parts.firstEntry().getValue().length;
            if (count > 1 && (size % 1024 != 0 || MAX_PART_SIZE % size != 0)) {
                throw new RpcFailure(400, "FILE_PART_SIZE_INVALID");
            }
            long total = 0;
            for (Map.Entry<Integer, byte[]> e : upload.parts.entrySet()) {
                int length = e.getValue().length;
                boolean last = e.getKey() == count - 1;
                if (last ? length > size : length != size) {
                    throw new RpcFailure(400, "FILE_PART_SIZE_CHANGED");
                }
                total += length;
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new RpcFailure(400, "FILE_PARTS_INVALID");
            }
            byte[] file = new byte[(int) total];
            int at = 0;
            for (byte[] p : upload.parts.values()) {
                System.arraycopy(p, 0, file, at, p.length);
                at += p.length;
            }
            return file;
        } finally {
            lock.unlock();
        }
    }

    /** Makes {@code content} downloadable as {@code inputDocumentFileLocation(id, accessHash, ..)}. */
    public void putDocument(long id, long accessHash, byte[] content) {
        documents.put(id, new Document(accessHash, content.clone(), 0));
    }

    /**
     * Reads {@code limit} bytes of document {@code id} from {@code offset} under Telegram's rules: without {@code
     * precise}, offset and limit are multiples of 4 KiB and the limit divides 1 MiB; with it, multiples of 1 KiB; either
     * way at most 1 MiB, within one 1 MiB block. Past the end the answer is shorter (empty at or after the end).
     *
     * @throws RpcFailure {@code LOCATION_INVALID} (unknown id or wrong access hash), {@code OFFSET_INVALID},
     *     {@code LIMIT_INVALID}
     */
    public byte[] read(long id, long accessHash, long offset, int limit, boolean precise) {
        Document doc = documents.get(id);
        if (doc == null || doc.accessHash() != accessHash) {
            throw new RpcFailure(400, "LOCATION_INVALID");
        }
        int unit = precise ? 1024 : 4096;
        if (offset < 0 || offset % unit != 0) {
            throw new RpcFailure(400, "OFFSET_INVALID");
        }
        if (limit <= 0 || limit > MAX_GET_LIMIT || limit % unit != 0 || (!precise && MAX_GET_LIMIT % limit != 0)) {
            throw new RpcFailure(400, "LIMIT_INVALID");
        }
        if (offset / MAX_GET_LIMIT != (offset + limit - 1) / MAX_GET_LIMIT) {
            throw new RpcFailure(400, "LIMIT_INVALID");
        }
        byte[] content = doc.content();
        if (offset >= content.length) {
            return new byte[0];
        }
        int from = (int) offset;
        return Arrays.copyOfRange(content, from, Math.min(content.length, from + limit));
    }

    /** The document's modification time as upload.file reports it. */
    int mtime(long id) {
        Document doc = documents.get(id);
        return doc == null ? 0 : doc.mtime();
    }
}
