package org.sentimentstream.bench;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.sentimentstream.job.batch.ReviewBatch;
import org.sentimentstream.job.ingest.ReviewEvent;
import org.sentimentstream.job.score.ModelCommandEvent;
import org.sentimentstream.job.score.ScoredBatch;
import org.sentimentstream.job.score.ScoredReview;
import org.sentimentstream.job.score.ScoringOperator;

import java.util.ArrayList;
import java.util.List;

/**
 * The scorer's place without a model: every review gets logit 0 (probability 0.5). With it the job still decodes,
 * batches, unbatches, joins, windows and writes everything it normally does, so its throughput is what Kafka and
 * Flink alone allow: the limit the model's job is compared with. Model commands are ignored.
 */
final class PassthroughScorer extends ScoringOperator {
    private static final long serialVersionUID = 1L;
    static final String MODEL_VERSION = "passthrough";

    @Override
    public void processElement1(StreamRecord<ReviewBatch> element) {
        long scoredAt = System.currentTimeMillis();
        List<ScoredReview> scored = new ArrayList<>(element.getValue().reviews().size());
        for (ReviewEvent review : element.getValue().reviews()) {
            scored.add(new ScoredReview(review.reviewId(), review.eventTime(), scoredAt, 0.5, true, 0f,
                    MODEL_VERSION, review.truncated()));
        }
        output.collect(element.replace(new ScoredBatch(scored, List.of())));
    }

    @Override
    public void processElement2(StreamRecord<ModelCommandEvent> element) {}
}
