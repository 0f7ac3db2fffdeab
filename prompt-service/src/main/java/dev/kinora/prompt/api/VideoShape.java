package dev.kinora.prompt.api;

import dev.kinora.events.contract.ReasonCode;
import dev.kinora.model.ModelManifest;
import dev.kinora.prompt.intake.RequestRejected;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's {@code size} ("WxH") and {@code seconds} against the model bundle: the sizes are the
 * manifest's resolutions, the durations its frame buckets at its fps ({@code frames = 1 + seconds * fps},
 * the first frame being time zero).
 */
final class VideoShape {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

    private final ModelManifest.Video video;

    VideoShape(ModelManifest.Video video) {
        this.video = video;
    }

    /** Width and height of a supported size, or UNSUPPORTED_SIZE naming the supported ones. */
    int[] size(String size) {
        Matcher m = size == null ? null : SIZE.matcher(size.trim());
        if (m != null && m.matches()) {
            int width = Integer.parseInt(m.group(1));
            int height = Integer.parseInt(m.group(2));
            if (video.supportsResolution(width, height)) {
                return new int[] {width, height};
            }
        }
        throw rejected("size", "'" + size + "' is not supported; supported sizes: " + String.join(", ", supportedSizes()));
    }

    /** The frame count of a supported duration, or UNSUPPORTED_SIZE naming the supported ones. */
    int frames(String seconds) {
        try {
            BigDecimal s = new BigDecimal(seconds.trim());
            for (int frames : video.frames()) {
                if (s.compareTo(secondsOf(frames)) == 0) {
                    return frames;
                }
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below with the supported values
        }
        throw rejected("seconds", "'" + seconds + "' is not supported; supported seconds: "
                + String.join(", ", supportedSeconds()));
    }

    /** OpenAI's {@code seconds} for a frame count, e.g. "2" for 17 frames at 8 fps. */
    static String seconds(int frames, int fps) {
        return BigDecimal.valueOf(frames - 1).divide(BigDecimal.valueOf(fps), 3, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    static String size(int width, int height) {
        return width + "x" + height;
    }

    List<String> supportedSizes() {
        return video.resolutions().stream().map(r -> size(r.get(0), r.get(1))).toList();
    }

    List<String> supportedSeconds() {
        return video.frames().stream().map(f -> seconds(f, video.fps())).toList();
    }

    private BigDecimal secondsOf(int frames) {
        return new BigDecimal(seconds(frames, video.fps()));
    }

    private static RequestRejected rejected(String field, String message) {
        return new RequestRejected(ReasonCode.UNSUPPORTED_SIZE, field + " " + message,
                List.of(new RequestRejected.FieldError(field, message)));
    }
}
