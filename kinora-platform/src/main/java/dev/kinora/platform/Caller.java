package dev.kinora.platform;

import dev.kinora.events.contract.JobState;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling a REST endpoint: the tenant the API key belongs to, set by {@link ApiKeyFilter}.
 * With authentication off (the local stack) every call is the default tenant's.
 */
@RequestScoped
public class Caller {

    private String tenant = JobState.DEFAULT_TENANT;

    public String tenant() {
        return tenant;
    }

    void authenticatedAs(String tenant) {
        this.tenant = tenant;
    }
}
