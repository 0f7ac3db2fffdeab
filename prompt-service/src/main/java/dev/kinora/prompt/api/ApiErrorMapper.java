package dev.kinora.prompt.api;

import dev.kinora.prompt.intake.RequestRejected;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the REST API in OpenAI's envelope, with the status code that fits. */
public class ApiErrorMapper {

    @ServerExceptionMapper
    public Response rejected(RequestRejected e) {
        return ApiError.response(e);
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return ApiError.response(e.status, e.code, e.getMessage(), e.param);
    }

    /** JAX-RS's own refusals: unknown path, wrong method, unsupported media type, bad parameter. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = switch (status) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 413 -> "REQUEST_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> status >= 500 ? "INTERNAL" : "INVALID_REQUEST";
        };
        return ApiError.response(status, code, e.getMessage(), null);
    }
}
