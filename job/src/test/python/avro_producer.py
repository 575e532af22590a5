"""Produces Avro records the way non-Java producers do, for InputFormatsITCase.

    avro_producer.py confluent BOOTSTRAP TOPIC REGISTRY_URL SCHEMA.avsc RECORDS.jsonl
        Confluent framing through confluent-kafka's AvroProducer, which registers the schema under TOPIC-value.
    avro_producer.py single-object BOOTSTRAP TOPIC SCHEMA.avsc RECORDS.jsonl
        Avro single-object encoding (C3 01, the CRC-64-AVRO fingerprint of the schema's parsing canonical form,
        little-endian, then the body), written with the avro package.

RECORDS.jsonl holds one record per line as JSON, timestamp-millis fields as epoch milliseconds; each record is
keyed by its review_id. Uses Debian's python3-confluent-kafka, python3-avro and python3-requests.
"""
import datetime
import io
import json
import struct
import sys

import avro.io
import avro.schema
from confluent_kafka import Producer
from confluent_kafka.avro import AvroProducer

EMPTY = 0xC15D213AA4D7A795
TABLE = []
for i in range(256):
    fp = i
    for _ in range(8):
        fp = (fp >> 1) ^ (EMPTY & -(fp & 1))
    TABLE.append(fp)


def fingerprint(data):
    fp = EMPTY
    for b in data:
        fp = (fp >> 8) ^ TABLE[(fp ^ b) & 0xFF]
    return fp


def with_datetimes(schema, record):
    """The avro package writes timestamp-millis from datetimes."""
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    out = dict(record)
    for field in schema.fields:
        if field.type.get_prop("logicalType") == "timestamp-millis" and field.name in out:
            out[field.name] = epoch + datetime.timedelta(milliseconds=out[field.name])
    return out


def records(path, schema):
    with open(path, encoding="utf-8") as lines:
        return [with_datetimes(schema, json.loads(line)) for line in lines if line.strip()]


def confluent(bootstrap, topic, registry, schema_file, records_file):
    schema = avro.schema.parse(open(schema_file, encoding="utf-8").read())
    producer = AvroProducer({"bootstrap.servers": bootstrap, "schema.registry.url": registry},
                            default_key_schema=avro.schema.parse('"string"'), default_value_schema=schema)
    for record in records(records_file, schema):
        producer.produce(topic=topic, key=record["review_id"], value=record)
    if producer.flush(30) != 0:
        sys.exit("records left unsent")


def single_object(bootstrap, topic, schema_file, records_file):
    schema = avro.schema.parse(open(schema_file, encoding="utf-8").read())
    header = b"\xc3\x01" + struct.pack("<Q", fingerprint(schema.canonical_form.encode("utf-8")))
    writer = avro.io.DatumWriter(schema)
    producer = Producer({"bootstrap.servers": bootstrap})
    for record in records(records_file, schema):
        body = io.BytesIO()
        writer.write(record, avro.io.BinaryEncoder(body))
        producer.produce(topic, key=record["review_id"].encode("utf-8"), value=header + body.getvalue())
    if producer.flush(30) != 0:
        sys.exit("records left unsent")


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "confluent":
        confluent(*args)
    elif mode == "single-object":
        single_object(*args)
    else:
        sys.exit("unknown mode " + mode)
