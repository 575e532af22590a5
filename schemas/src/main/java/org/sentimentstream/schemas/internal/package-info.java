/** How the formats are read: Avro resolution that names the failing field, JSON to records by the Avro schema. */
package org.sentimentstream.schemas.internal;
