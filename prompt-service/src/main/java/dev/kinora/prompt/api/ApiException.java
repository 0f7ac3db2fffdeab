package dev.kinora.prompt.api;

/** A request the API answers with an error other than a rejected generation request. */
final class ApiException extends RuntimeException {

    final int status;
    final String code;
    final String param;

    ApiException(int status, String code, String message, String param) {
        super(message);
        this.status = status;
        this.code = code;
        this.param = param;
    }

    static ApiException notFound(String videoId) {
        return new ApiException(404, "NOT_FOUND", "no video " + videoId, null);
    }

    /** Image input, extension and editing are modes the model does not have yet. */
    static ApiException modeNotAvailable(String what, String param) {
        return new ApiException(400, "MODE_NOT_AVAILABLE", what + " is not available: the model makes videos from "
                + "text only (remix is available)", param);
    }
}
