package org.sentimentstream.bench;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.sentimentstream.job.batch.ReviewBatch;
import org.sentimentstream.job.ingest.ReviewEvent;
import org.sentimentstream.job.score.ScoredBatch;
import org.sentimentstream.job.score.ScoredReview;

import java.util.ArrayList;
import java.util.List;

/**
 * The scorer's place without a model: every review gets logit 0 (probability 0.5). With it the job still decodes,
 * batches, unbatches, joins, windows and writes everything it normally does, so its throughput is what Kafka and
 * Flink alone allow: the limit the model's job is compared with.
 */
final class PassthroughScorer extends RichMapFunction<ReviewBatch, ScoredBatch> {
    private static final long serialVersionUID = 1L;
    static final String MODEL_VERSION = "passthrough";

    @Override
    public ScoredBatch map(ReviewBatch batch) {
        long scoredAt = System.currentTimeMillis();
        List<ScoredReview> scored = new ArrayList<>(batch.reviews().size());
        for (ReviewEvent review : batch.reviews()) {
            scored.add(new ScoredReview(review.reviewId(), review.eventTime(), scoredAt, 0.5, true, 0f,
                    MODEL_VERSION, review.truncated()));
        }
        return new ScoredBatch(scored);
    }
}
