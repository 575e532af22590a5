-- Reviews as JSON from Kafka, scored micro-batched, to Kafka; then the scored rows printed:
--   ./sentiment sql -f sql/examples/score-kafka.sql --model-dir models/imdb --embedded-broker reviews-json,scored
-- (or --bootstrap-servers HOST:PORT with both topics on your own Kafka; drop the first INSERT if reviews-json
-- already has reviews, and 'scan.bounded.mode' to keep scoring as they arrive)
CREATE TABLE reviews (
  review_id STRING,
  text STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'reviews-json',
  'properties.bootstrap.servers' = '${bootstrap-servers}',
  'properties.group.id' = 'sql-example',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json'
);

CREATE TABLE scored (
  review_id STRING,
  probability DOUBLE,
  label STRING,
  model_version STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'scored',
  'properties.bootstrap.servers' = '${bootstrap-servers}',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json'
);

-- a few reviews to score (a producer of yours writes these in real life)
INSERT INTO reviews VALUES
  ('r1', 'A wonderful, moving film with a superb cast.'),
  ('r2', 'Terrible. Two hours of my life I will never get back.'),
  ('r3', 'Not bad at all; the second half drags a little.');

CREATE MODEL sentiment
  INPUT (text STRING)
  OUTPUT (probability DOUBLE, label STRING, model_version STRING)
  WITH (
    'provider' = 'sentiment-tensorflow',
    'model-dir' = '${model-dir}',
    'batch.size' = '256',
    'batch.max-wait' = '20ms'
  );

INSERT INTO scored
SELECT review_id, probability, label, model_version
FROM ML_PREDICT(TABLE reviews, MODEL sentiment, DESCRIPTOR(text),
                MAP['async', 'true', 'max-concurrent-operations', '512']);

SELECT * FROM scored;
