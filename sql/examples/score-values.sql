-- Score a few reviews with the sentiment model, no Kafka needed:
--   ./sentiment sql -f sql/examples/score-values.sql --model-dir models/imdb
CREATE TEMPORARY VIEW reviews AS
  SELECT * FROM (VALUES
    ('r1', 'A wonderful, moving film with a superb cast.'),
    ('r2', 'Terrible. Two hours of my life I will never get back.'),
    ('r3', CAST(NULL AS STRING))
  ) AS t(review_id, text);

CREATE MODEL sentiment
  INPUT (text STRING)
  OUTPUT (probability DOUBLE, label STRING, logit FLOAT, model_version STRING)
  WITH ('provider' = 'sentiment-tensorflow', 'model-dir' = '${model-dir}');

SELECT review_id, probability, label, logit
FROM ML_PREDICT(TABLE reviews, MODEL sentiment, DESCRIPTOR(text));
