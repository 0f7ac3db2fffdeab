package dev.kinora.decoder.video;

import dev.kinora.events.contract.JobSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The XMP packet every video carries: IPTC's DigitalSourceType says the pixels were made by a
 * trained model (the vocabulary term platforms read to label AI-generated media), and Kinora's own
 * namespace names the model, its version and manifest, and the job. No prompt text: the file
 * travels further than the job's metadata does.
 */
public final class ProvenanceXmp {

    public static final String TRAINED_ALGORITHMIC_MEDIA =
            "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
    public static final String KINORA_NAMESPACE = "https://kinora.dev/ns/provenance/1.0/";

    private ProvenanceXmp() {}

    public static byte[] of(JobSpec job, Instant created) {
        String xmp = """
                <?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
                <x:xmpmeta xmlns:x="adobe:ns:meta/">
                 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                  <rdf:Description rdf:about=""
                    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
                    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
                    xmlns:kinora="%s"
                    Iptc4xmpExt:DigitalSourceType="%s"
                    xmp:CreateDate="%s"
                    xmp:CreatorTool="Kinora %s %s"
                    kinora:JobId="%s"
                    kinora:Model="%s"
                    kinora:ModelVersion="%s"
                    kinora:ModelManifestSha256="%s"/>
                 </rdf:RDF>
                </x:xmpmeta>
                <?xpacket end="r"?>""".formatted(KINORA_NAMESPACE, TRAINED_ALGORITHMIC_MEDIA, created,
                escape(job.model()), escape(job.modelVersion()), escape(job.jobId()), escape(job.model()),
                escape(job.modelVersion()), escape(job.modelSha256()));
        return xmp.getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String value) {
        if (value == null) {
            return "";
        }
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
