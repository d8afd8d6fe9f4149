package io.mtj.testdc;

import io.mtj.api.telegram.InputDocumentFileLocation;
import io.mtj.api.telegram.StorageFileUnknown;
import io.mtj.api.telegram.UploadFile;
import io.mtj.api.telegram.UploadGetFile;
import io.mtj.api.telegram.UploadSaveBigFilePart;
import io.mtj.api.telegram.UploadSaveFilePart;
import io.mtj.tl.TlObject;

/**
 * Answers {@code upload.saveFilePart}, {@code upload.saveBigFilePart} and {@code upload.getFile} from a {@link
 * FileStore}, with Telegram's errors for parts and ranges it refuses. {@code upload.getFile} reads documents only
 * ({@code inputDocumentFileLocation}); any other location is {@code LOCATION_INVALID}.
 */
public final class FileHandlers {
    private final FileStore store;

    public FileHandlers(FileStore store) {
        this.store = store;
    }

    /** Registers the three methods among the DC's own (scripts and class handlers still win over them). */
    void register(RpcDispatcher dispatcher) {
        dispatcher.register(UploadSaveFilePart.ID, r -> bool(saveFilePart((UploadSaveFilePart) method(r))));
        dispatcher.register(UploadSaveBigFilePart.ID, r -> bool(saveBigFilePart((UploadSaveBigFilePart) method(r))));
        dispatcher.register(UploadGetFile.ID, r -> RpcAnswer.result(getFile((UploadGetFile) method(r))));
    }

    private static TlObject method(ReceivedRequest request) {
        TlObject method = request.method();
        if (method == null) {
            throw new RpcFailure(400, "INPUT_FETCH_ERROR");
        }
        return method;
    }

    private static RpcAnswer bool(Boolean value) {
        return RpcDispatcher.encodeResult(value);
    }

    public Boolean saveFilePart(UploadSaveFilePart call) {
        store.savePart(call.fileId(), call.filePart(), 0, call.bytes());
        return Boolean.TRUE;
    }

    public Boolean saveBigFilePart(UploadSaveBigFilePart call) {
        if (call.fileTotalParts() <= 0) {
            throw new RpcFailure(400, "FILE_PARTS_INVALID");
        }
        store.savePart(call.fileId(), call.filePart(), call.fileTotalParts(), call.bytes());
        return Boolean.TRUE;
    }

    public UploadFile getFile(UploadGetFile call) {
        if (!(call.location() instanceof InputDocumentFileLocation doc)) {
            throw new RpcFailure(400, "LOCATION_INVALID");
        }
        byte[] bytes = store.read(doc.id(), doc.accessHash(), call.offset(), call.limit(), call.precise());
        return new UploadFile(new StorageFileUnknown(), store.mtime(doc.id()), bytes);
    }
}
