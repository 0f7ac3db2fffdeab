package dev.kinora.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinora.events.contract.GenerationRequest;
import dev.kinora.events.contract.JobSpec;
import dev.kinora.events.contract.ReasonCode;
import dev.kinora.model.ModelBundle;
import dev.kinora.model.ModelManifest;
import dev.kinora.prompt.intake.JobIds;
import dev.kinora.prompt.intake.RequestParser;
import dev.kinora.prompt.intake.RequestRejected;
import dev.kinora.prompt.intake.RequestValidator;
import dev.kinora.testkit.Bundles;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestValidationTest {

    static final ModelBundle BUNDLE = ModelBundle.open(Bundles.defaultBundle());
    static final RequestValidator VALIDATOR = new RequestValidator(BUNDLE);

    static GenerationRequest request(String json) {
        return RequestParser.parse(json.getBytes());
    }

    static ReasonCode rejection(String json) {
        return assertThrows(RequestRejected.class, () -> VALIDATOR.validate(request(json), JobIds.next(), "r")).reason();
    }

    @Test
    void appliesTheBundleDefaults() {
        ModelManifest m = BUNDLE.manifest();
        JobSpec job = VALIDATOR.validate(request("{\"prompt\":\"a red circle\"}"), "vid_test0001", "req-1");
        assertEquals(m.video().defaultWidth(), job.width());
        assertEquals(m.video().defaultHeight(), job.height());
        assertEquals(m.video().defaultFrames(), job.frames());
        assertEquals(m.video().fps(), job.fps());
        assertEquals(m.scheduler().defaultSteps(), job.steps());
        assertEquals(m.scheduler().defaultGuidance(), job.guidanceScale());
        assertEquals(m.name(), job.model());
        assertEquals(BUNDLE.manifestSha256(), job.modelSha256());
        assertTrue(job.seed() >= 0);
    }

    @Test
    void keepsWhatTheRequestGave() {
        JobSpec job = VALIDATOR.validate(request("""
                {"prompt":"p","negativePrompt":"n","width":96,"height":64,"frames":33,"steps":7,
                 "guidanceScale":2.5,"seed":99,"model":"tiny-shapes","metadata":{"team":"ads"},"extra":"ignored"}"""),
                "vid_test0002", "req-2");
        assertEquals(96, job.width());
        assertEquals(33, job.frames());
        assertEquals(7, job.steps());
        assertEquals(2.5, job.guidanceScale());
        assertEquals(null, job.scheduler(), "no scheduler named: the bundle's applies");
        assertEquals(99, job.seed());
        assertEquals(Map.of("team", "ads"), job.metadata());
    }

    @Test
    void aNamedSchedulerTravelsWithTheJob() {
        JobSpec job = VALIDATOR.validate(request("{\"prompt\":\"p\",\"scheduler\":\"flow-dpm++2m\",\"steps\":10}"),
                "vid_test0005", "r");
        assertEquals("flow-dpm++2m", job.scheduler());
    }

    @Test
    void aCacheThresholdTravelsWithTheJobAndNoneLeavesItToTheDenoiser() {
        assertEquals(0.15, VALIDATOR.validate(request("{\"prompt\":\"p\",\"cacheThreshold\":0.15}"), "vid_test0006", "r")
                .cacheThreshold());
        assertEquals(null, VALIDATOR.validate(request("{\"prompt\":\"p\"}"), "vid_test0007", "r").cacheThreshold());
    }

    @Test
    void aFutureDeadlineTravelsWithTheJob() {
        JobSpec job = VALIDATOR.validate(request("{\"prompt\":\"p\",\"deadline\":\"2099-01-01T00:00:00Z\"}"),
                "vid_test0004", "r");
        assertEquals(java.time.Instant.parse("2099-01-01T00:00:00Z"), job.deadline());
    }

    @Test
    void durationBecomesFramesAtTheRequestedFps() {
        JobSpec job = VALIDATOR.validate(request("{\"prompt\":\"p\",\"durationSeconds\":2,\"fps\":8}"), "vid_test0003", "r");
        assertEquals(17, job.frames());
    }

    @Test
    void rejectsWithTheRightReason() {
        assertEquals(ReasonCode.INVALID_REQUEST, rejection("{\"prompt\":\"  \"}"));
        assertEquals(ReasonCode.INVALID_REQUEST, rejection("{}"));
        assertEquals(ReasonCode.PROMPT_TOO_LONG, rejection("{\"prompt\":\"" + "a".repeat(2001) + "\"}"));
        assertEquals(ReasonCode.UNSUPPORTED_MODEL, rejection("{\"prompt\":\"p\",\"model\":\"sora-2\"}"));
        assertEquals(ReasonCode.UNSUPPORTED_SIZE, rejection("{\"prompt\":\"p\",\"width\":1920,\"height\":1080}"));
        assertEquals(ReasonCode.UNSUPPORTED_SIZE, rejection("{\"prompt\":\"p\",\"frames\":10000}"));
        assertEquals(ReasonCode.INVALID_REQUEST, rejection("{\"prompt\":\"p\",\"steps\":0}"));
        assertEquals(ReasonCode.INVALID_REQUEST, rejection("{\"prompt\":\"p\",\"scheduler\":\"ddim\"}"));
        assertEquals(ReasonCode.INVALID_REQUEST, rejection("{\"prompt\":\"p\",\"deadline\":\"2020-01-01T00:00:00Z\"}"));
        assertEquals(ReasonCode.INVALID_REQUEST, rejection("{\"prompt\":\"p\",\"guidanceScale\":1e308}"));
        assertEquals(ReasonCode.INVALID_REQUEST, rejection("{\"prompt\":\"p\",\"cacheThreshold\":-0.1}"));
        assertEquals(ReasonCode.INVALID_REQUEST, rejection("{\"prompt\":\"p\",\"cacheThreshold\":1.5}"));
        assertEquals(ReasonCode.INVALID_REQUEST, rejection("{\"prompt\":\"p\",\"metadata\":{\"x\":\"" + "y".repeat(20000) + "\"}}"));
    }

    @Test
    void listsEveryBadField() {
        RequestRejected e = assertThrows(RequestRejected.class, () -> VALIDATOR.validate(
                request("{\"prompt\":\"p\",\"steps\":-1,\"guidanceScale\":-2}"), "vid_x0000001", "r"));
        assertEquals(2, e.fields().size());
        assertEquals("steps", e.fields().get(0).field());
    }

    @Test
    void parserRejectsMalformedAndMistypedJson() {
        RequestRejected notJson = assertThrows(RequestRejected.class, () -> RequestParser.parse("{prompt:".getBytes()));
        assertEquals(ReasonCode.INVALID_REQUEST, notJson.reason());
        RequestRejected wrongType = assertThrows(RequestRejected.class,
                () -> RequestParser.parse("{\"prompt\":\"p\",\"width\":\"wide\"}".getBytes()));
        assertEquals("width", wrongType.fields().get(0).field());
        assertThrows(RequestRejected.class, () -> RequestParser.parse("{\"prompt\":\"p\",\"frames\":17.5}".getBytes()));
        assertThrows(RequestRejected.class, () -> RequestParser.parse("[1,2]".getBytes()));
        assertThrows(RequestRejected.class, () -> RequestParser.parse("{\"prompt\":42}".getBytes()));
        assertThrows(RequestRejected.class, () -> RequestParser.parse("{\"prompt\":\"p\",\"seed\":\"7\"}".getBytes()));
        assertThrows(RequestRejected.class, () -> RequestParser.parse(new byte[0]));
        assertThrows(RequestRejected.class, () -> RequestParser.parse(new byte[RequestParser.MAX_BODY_BYTES + 1]));
    }

    @Test
    void jobIdsAreLongRandomAndDistinct() {
        String a = JobIds.next();
        String b = JobIds.next();
        assertTrue(a.matches("vid_[a-z2-7]{24}"), a);
        assertTrue(!a.equals(b));
    }
}
