package coop.icn.icnd.identity;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files only the owner may read: keystores, passphrase files, the RPC token. */
public final class SecretFiles {
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private SecretFiles() {
    }

    /**
     * Writes {@code content} to a new file created with mode 0600 (never a moment with wider
     * permissions), synced, then moved into place, so that a crash leaves either no file or a
     * whole one. Fails if {@code path} exists.
     */
    public static void writeNew(Path path, byte[] content) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path directory = absolute.getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, OWNER_ONLY_DIR);
        }
        if (Files.exists(absolute)) {
            throw new FileAlreadyExistsException(absolute.toString());
        }
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp", OWNER_ONLY);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
