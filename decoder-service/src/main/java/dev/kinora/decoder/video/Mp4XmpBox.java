package dev.kinora.decoder.video;

import java.nio.ByteBuffer;

/**
 * Adds an XMP packet to an MP4 as a top-level {@code uuid} box with Adobe's XMP UUID
 * (BE7ACFCB-97A9-42E8-9C71-999491E3AFAC), the place exiftool, Adobe's tools and most readers look
 * for XMP in ISO media. The box goes after the last box, so no chunk offset in {@code moov} moves
 * and the moov-first (faststart) layout stays as it was.
 */
public final class Mp4XmpBox {

    private static final byte[] XMP_UUID = {
        (byte) 0xBE, 0x7A, (byte) 0xCF, (byte) 0xCB, (byte) 0x97, (byte) 0xA9, 0x42, (byte) 0xE8,
        (byte) 0x9C, 0x71, (byte) 0x99, (byte) 0x94, (byte) 0x91, (byte) 0xE3, (byte) 0xAF, (byte) 0xAC};

    private Mp4XmpBox() {}

    public static byte[] append(byte[] mp4, byte[] xmp) {
        requireMp4(mp4);
        int size = 8 + XMP_UUID.length + xmp.length;
        return ByteBuffer.allocate(mp4.length + size)
                .put(mp4)
                .putInt(size)
                .put(new byte[] {'u', 'u', 'i', 'd'})
                .put(XMP_UUID)
                .put(xmp)
                .array();
    }

    /** An MP4 starts with an ftyp box; appending to anything else would not make it one. */
    private static void requireMp4(byte[] mp4) {
        if (mp4.length < 8 || mp4[4] != 'f' || mp4[5] != 't' || mp4[6] != 'y' || mp4[7] != 'p') {
            throw new IllegalArgumentException("not an MP4: no ftyp box at the start");
        }
    }
}
