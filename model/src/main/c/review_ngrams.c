/*
 * The whole text preprocessing of the sentiment model as two TensorFlow ops:
 *
 *   ReviewNgrams     texts: string [batch]  ->  rows: int64 [n], buckets: int64 [n], counts: float [batch]
 *   ReviewNgramSums  texts: string [batch], table: float [2^bucket_bits, dims]
 *                                           ->  sums: float [batch, dims], counts: float [batch]
 *
 * Tokens are runs of letters and digits. Markup (<...>) and everything else separate them; ASCII letters are
 * lowercased. Tokenizing takes two passes over a review: the first marks its word bytes in a bitmap, 16 bytes at a
 * time with SSE2 (part of every x86-64 CPU) up to the next byte outside ASCII or '<', which it reads on its own; the
 * second hashes each word 8 bytes at a time (multiply and xor, then a 64-bit finaliser). An n-gram's hash chains its
 * words' hashes. A bucket is a hash's low bucket_bits bits. Every review yields one feature per distinct bucket of
 * each n-gram width, unigrams first: rows (the review's index) ascend, and counts holds each review's number of
 * features.
 *
 * ReviewNgrams hands the features to the training graph. ReviewNgramSums is what the served graph runs: the sum of
 * the table rows of each review's features, the same function as summing the rows ReviewNgrams names. It asks the
 * CPU for each row as soon as a feature is found, so the row's cache and TLB misses overlap the hashing of the rest of
 * the review instead of stalling a separate summing op, which waited on every one of them.
 *
 * Registered with TensorFlow's C op and kernel API (see tf_c_api.h) when libsentiment_ops.so is loaded.
 */
#define _DEFAULT_SOURCE /* madvise */
#include <emmintrin.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "tf_c_api.h"

#define MAX_NGRAM 8
#define CHAIN 0x9e3779b97f4a7c15ULL
#define WORD_MULTIPLIER 0x9fb21c651e98df25ULL
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
#define HUGE_PAGE ((uintptr_t) 2 << 20)
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25 /* Linux 6.1 */
#endif

/** A kernel's attributes, and the last table ReviewNgramSums advised onto huge pages. */
typedef struct {
    int bucket_bits;
    int max_ngram;
    _Atomic(const void *) huge_table;
} Settings;

/**
 * Growable arrays and the per-review distinct set, one of each per thread, kept between calls: allocating them for
 * every batch cost as much as the tokenizing (fresh pages each time).
 */
typedef struct {
    unsigned char *text;
    size_t text_cap;
    uint64_t *word_bits;
    size_t word_bits_cap;
    uint64_t *words;
    size_t words_cap;
    int64_t *buckets;
    size_t buckets_cap;
    long *ends;
    size_t ends_cap;
    uint64_t *set;
    size_t set_cap;
} Buffers;

static uint64_t fmix64(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/** Whether a code point outside ASCII is a letter or digit: the scripts' letter blocks, a close approximation. */
static int is_word_code_point(uint32_t c) {
    if (c < 0xC0) {
        return c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 || c == 0xB9 || c == 0xBA
                || (c >= 0xBC && c <= 0xBE);
    }
    if (c <= 0x24F) {
        return c != 0xD7 && c != 0xF7;
    }
    return (c >= 0x250 && c <= 0x2AF) || (c >= 0x370 && c <= 0x1FFF && c != 0x37E && c != 0x387)
            || (c >= 0x2C00 && c <= 0x2DFF) || (c >= 0x3040 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xD7FF)
            || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A)
            || (c >= 0xFF41 && c <= 0xFF5A) || (c >= 0x10000 && c <= 0x1EFFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

/**
 * Length of the UTF-8 sequence at s (at most n bytes) and its code point; a malformed sequence is one byte long
 * and not a word character.
 */
static int decode_utf8(const unsigned char *s, size_t n, uint32_t *code_point) {
    unsigned char b = s[0];
    int len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
    if (len == 0 || b >= 0xF8 || (size_t) len > n) {
        *code_point = 0;
        return 1;
    }
    uint32_t c = b & (0x7F >> len);
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *code_point = 0;
            return 1;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *code_point = c;
    return len;
}

/** Features or words kept allocated between calls: beyond this, a thread's arrays are freed after the call. */
#define KEEP_FEATURES (1 << 20)

static pthread_key_t buffers_key;

static void free_arrays(Buffers *b) {
    free(b->text);
    free(b->word_bits);
    free(b->words);
    free(b->buckets);
    free(b->ends);
    free(b->set);
    memset(b, 0, sizeof(Buffers));
}

static void free_buffers(void *buffers) {
    free_arrays(buffers);
    free(buffers);
}

/** This thread's buffers, or NULL when out of memory. */
static Buffers *thread_buffers(void) {
    Buffers *b = pthread_getspecific(buffers_key);
    if (b == NULL) {
        b = calloc(1, sizeof(Buffers));
        if (b != NULL && pthread_setspecific(buffers_key, b) != 0) {
            free(b);
            b = NULL;
        }
    }
    return b;
}

static int grow(void **array, size_t *cap, size_t need, size_t element_size) {
    if (need <= *cap) {
        return 1;
    }
    size_t next = *cap < 1024 ? 1024 : *cap;
    while (next < need) {
        next *= 2;
    }
    void *grown = realloc(*array, next * element_size);
    if (grown == NULL) {
        return 0;
    }
    *array = grown;
    *cap = next;
    return 1;
}

static uint64_t load8(const unsigned char *p) {
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/** Of 8 bytes below 0x80: the high bit of each byte from lo to hi set (no carry crosses a byte). */
static uint64_t bytes_between(uint64_t x, unsigned lo, unsigned hi) {
    return (x + ONES * (0x80 - lo)) & ~(x + ONES * (0x7F - hi)) & HIGHS;
}

/** The 8 bytes with their ASCII capitals lowercased. */
static uint64_t ascii_lower(uint64_t v) {
    return v | (bytes_between(v & ~HIGHS, 'A', 'Z') & ~v) >> 2;
}

/** Sets, in the bitmap, bit at + k for each bit k set in byte_bits (at most 16 of them). */
static inline void mark(uint64_t *bits, size_t at, uint64_t byte_bits) {
    bits[at >> 6] |= byte_bits << (at & 63);
    if ((at & 63) != 0) {
        bits[(at >> 6) + 1] |= byte_bits >> (64 - (at & 63));
    }
}

/**
 * Of 16 bytes: a bit for each ASCII letter and digit. The comparisons are signed, so bytes from 0x80 on (negative) are
 * in neither range.
 */
static unsigned ascii_word_mask(__m128i v) {
    __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i letters = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
            _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
    __m128i digits = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
            _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    return (unsigned) _mm_movemask_epi8(_mm_or_si128(letters, digits));
}

/** Of 16 bytes: a bit for each byte outside ASCII and each '<' (the bytes handled one at a time). */
static unsigned special_mask(__m128i v) {
    return (unsigned) _mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_set1_epi8('<'))));
}

/**
 * Copies the review (with 16 zero bytes after it, so 16-byte reads never pass its end) and sets a bit in
 * b->word_bits for each byte of a word; returns 0 when out of memory.
 */
static int mark_words(const unsigned char *text, size_t n, Buffers *b) {
    size_t bit_words = n / 64 + 2;
    if (!grow((void **) &b->text, &b->text_cap, n + 16, 1)
            || !grow((void **) &b->word_bits, &b->word_bits_cap, bit_words, sizeof(uint64_t))) {
        return 0;
    }
    unsigned char *s = b->text;
    uint64_t *bits = b->word_bits;
    memcpy(s, text, n);
    memset(s + n, 0, 16);
    memset(bits, 0, bit_words * sizeof(uint64_t));
    size_t i = 0;
    while (i < n) {
        __m128i v = _mm_loadu_si128((const __m128i *) (s + i));
        unsigned special = special_mask(v);
        // the plain ASCII bytes before the first special one, 16 when there is none
        unsigned plain = special != 0 ? (unsigned) __builtin_ctz(special) : 16;
        mark(bits, i, ascii_word_mask(v) & ((1u << plain) - 1));
        i += plain;
        if (plain == 16 || i >= n) {
            continue;
        }
        unsigned char c = s[i];
        if (c == '<') {
            const unsigned char *close = memchr(s + i + 1, '>', n - i - 1);
            i = close != NULL ? (size_t) (close - s) + 1 : i + 1;
            continue;
        }
        uint32_t code_point;
        size_t len = (size_t) decode_utf8(s + i, n - i, &code_point);
        if (is_word_code_point(code_point)) {
            mark(bits, i, (1ULL << len) - 1);
        }
        i += len;
    }
    return 1;
}

/** A word's hash: its bytes (ASCII capitals lowercased) 8 at a time, then the finaliser. */
static uint64_t hash_word(const unsigned char *p, size_t len) {
    uint64_t h = len * WORD_MULTIPLIER;
    for (; len > 8; p += 8, len -= 8) {
        h = (h ^ ascii_lower(load8(p))) * WORD_MULTIPLIER;
        h ^= h >> 29;
    }
    h = (h ^ ascii_lower(load8(p) & (~0ULL >> (64 - 8 * len)))) * WORD_MULTIPLIER;
    return fmix64(h);
}

/** The review's word hashes into b->words; returns their number, or -1 when out of memory. */
static long tokenize(const unsigned char *text, size_t n, Buffers *b) {
    if (!mark_words(text, n, b) || !grow((void **) &b->words, &b->words_cap, n / 2 + 1, sizeof(uint64_t))) {
        return -1;
    }
    const uint64_t *bits = b->word_bits;
    size_t bit_words = (n + 63) / 64;
    long count = 0;
    size_t w = 0;
    uint64_t rest = bit_words > 0 ? bits[0] : 0; // the bits of word w not yet tokenized
    for (;;) {
        while (rest == 0) {
            if (++w >= bit_words) {
                return count;
            }
            rest = bits[w];
        }
        size_t start = w * 64 + (size_t) __builtin_ctzll(rest);
        uint64_t gaps = ~rest & ~0ULL << (start & 63);
        while (gaps == 0) {
            rest = ++w < bit_words ? bits[w] : 0;
            gaps = ~rest;
        }
        size_t end = w * 64 + (size_t) __builtin_ctzll(gaps);
        rest &= ~0ULL << (end & 63);
        b->words[count++] = hash_word(b->text + start, end - start);
    }
}

/**
 * Appends the distinct buckets of the review's n-grams of one width; returns the new feature count or -1. With a
 * table, each new bucket's row is prefetched.
 */
static long add_width(const Settings *settings, Buffers *b, long words, int width, long features,
        const float *table, int64_t dims) {
    long grams = words - width + 1;
    if (grams <= 0) {
        return features;
    }
    // at most a quarter full: at half full, probes past a taken slot cost more than the larger set's cache lines
    size_t set_size = 16;
    while (set_size < (size_t) grams * 4) {
        set_size *= 2;
    }
    if (!grow((void **) &b->set, &b->set_cap, set_size, sizeof(uint64_t))
            || !grow((void **) &b->buckets, &b->buckets_cap, (size_t) (features + grams), sizeof(int64_t))) {
        return -1;
    }
    uint64_t *set = b->set;
    const uint64_t *words_hashes = b->words;
    memset(set, 0, set_size * sizeof(uint64_t));
    uint64_t mask = (1ULL << settings->bucket_bits) - 1;
    for (long g = 0; g < grams; g++) {
        uint64_t h = words_hashes[g];
        for (int j = 1; j < width; j++) {
            h = fmix64(h * CHAIN + words_hashes[g + j]);
        }
        uint64_t bucket = h & mask;
        uint64_t key = bucket + 1;
        size_t slot = (size_t) (bucket & (set_size - 1));
        // no branch on whether the bucket is new or a repeat (half of a review's words repeat, unpredictably): the
        // probe stops at an empty slot or at the key alike (the smaller of seen and seen ^ key is 0), and a repeat
        // is written where the next feature goes and not counted
        uint64_t seen = set[slot];
        while ((seen < (seen ^ key) ? seen : seen ^ key) != 0) {
            slot = (slot + 1) & (set_size - 1);
            seen = set[slot];
        }
        set[slot] = key;
        b->buckets[features] = (int64_t) bucket;
        if (table != NULL) {
            __builtin_prefetch(table + bucket * (uint64_t) dims);
        }
        features += seen == 0;
    }
    return features;
}

static void *create(TF_OpKernelConstruction *ctx) {
    Settings *settings = calloc(1, sizeof(Settings));
    TF_Status *status = TF_NewStatus();
    if (settings == NULL) {
        TF_SetStatus(status, TF_RESOURCE_EXHAUSTED, "out of memory for the op's settings");
        TF_OpKernelConstruction_Failure(ctx, status);
        TF_DeleteStatus(status);
        return NULL;
    }
    int64_t bits = 0;
    int64_t max_ngram = 0;
    TF_OpKernelConstruction_GetAttrInt64(ctx, "bucket_bits", &bits, status);
    if (TF_GetCode(status) == TF_OK) {
        TF_OpKernelConstruction_GetAttrInt64(ctx, "max_ngram", &max_ngram, status);
    }
    if (TF_GetCode(status) == TF_OK && (bits < 1 || bits > 62 || max_ngram < 1 || max_ngram > MAX_NGRAM)) {
        TF_SetStatus(status, TF_INVALID_ARGUMENT, "bucket_bits must be 1..62 and max_ngram 1..8");
    }
    if (TF_GetCode(status) != TF_OK) {
        TF_OpKernelConstruction_Failure(ctx, status);
    }
    TF_DeleteStatus(status);
    settings->bucket_bits = (int) bits;
    settings->max_ngram = (int) max_ngram;
    return settings;
}

static void destroy(void *kernel) {
    free(kernel);
}

/**
 * Appends one review's features (from index features on) and returns the new feature count, or -1 when out of
 * memory; with a table, rows are prefetched as features are found.
 */
static long review_features(const Settings *settings, Buffers *b, const TF_TString *text, long features,
        const float *table, int64_t dims) {
    long words = tokenize((const unsigned char *) TF_StringGetDataPointer(text), TF_StringGetSize(text), b);
    for (int width = 1; width <= settings->max_ngram && words >= 0 && features >= 0; width++) {
        features = add_width(settings, b, words, width, features, table, dims);
    }
    return words < 0 ? -1 : features;
}

static const TF_TString *text_at(const TF_Tensor *texts, int64_t r) {
    return (const TF_TString *) ((const char *) TF_TensorData(texts) + r * TF_TSTRING_SIZE);
}

/**
 * The kernel's input texts, checked to be a vector, and this thread's buffers; NULL after failing the call. The
 * caller deletes *texts when it is not NULL.
 */
static Buffers *begin(TF_OpKernelContext *ctx, TF_Status *status, const char *op, TF_Tensor **texts) {
    TF_GetInput(ctx, 0, texts, status);
    if (TF_GetCode(status) != TF_OK) {
        TF_OpKernelContext_Failure(ctx, status);
        return NULL;
    }
    if (TF_NumDims(*texts) != 1) {
        sentiment_fail(ctx, status, TF_INVALID_ARGUMENT, op);
        return NULL;
    }
    Buffers *b = thread_buffers();
    if (b == NULL) {
        sentiment_fail(ctx, status, TF_RESOURCE_EXHAUSTED, "out of memory for review n-grams");
    }
    return b;
}

static void end(Buffers *b, TF_Tensor *texts, TF_Status *status) {
    if (b != NULL && (b->buckets_cap > KEEP_FEATURES || b->words_cap > KEEP_FEATURES)) {
        free_arrays(b);
    }
    if (texts != NULL) {
        TF_DeleteTensor(texts);
    }
    TF_DeleteStatus(status);
}

/** Allocates a float output of the given shape; NULL after failing the call. */
static float *float_output(TF_OpKernelContext *ctx, TF_Status *status, int index, const int64_t *dims, int rank) {
    int64_t size = 1;
    for (int i = 0; i < rank; i++) {
        size *= dims[i];
    }
    TF_Tensor *t = TF_AllocateOutput(ctx, index, TF_FLOAT, dims, rank, (size_t) size * sizeof(float), status);
    if (TF_GetCode(status) != TF_OK) {
        TF_OpKernelContext_Failure(ctx, status);
        return NULL;
    }
    float *data = TF_TensorData(t);
    memset(data, 0, (size_t) size * sizeof(float));
    TF_DeleteTensor(t);
    return data;
}

static void compute_features(void *kernel, TF_OpKernelContext *ctx) {
    const Settings *settings = kernel;
    TF_Status *status = TF_NewStatus();
    TF_Tensor *texts = NULL;
    Buffers *b = begin(ctx, status, "ReviewNgrams: texts must be a vector", &texts);
    if (b == NULL) {
        end(b, texts, status);
        return;
    }
    int64_t batch = TF_Dim(texts, 0);
    float *count = float_output(ctx, status, 2, &batch, 1);
    if (count != NULL && !grow((void **) &b->ends, &b->ends_cap, (size_t) batch, sizeof(long))) {
        sentiment_fail(ctx, status, TF_RESOURCE_EXHAUSTED, "ReviewNgrams: out of memory");
        count = NULL;
    }
    long features = 0;
    for (int64_t r = 0; count != NULL && r < batch; r++) {
        long before = features;
        features = review_features(settings, b, text_at(texts, r), features, NULL, 0);
        if (features < 0) {
            sentiment_fail(ctx, status, TF_RESOURCE_EXHAUSTED, "ReviewNgrams: out of memory");
            count = NULL;
            break;
        }
        count[r] = (float) (features - before);
        b->ends[r] = features;
    }
    int64_t n = features;
    for (int output = 0; count != NULL && output < 2; output++) {
        TF_Tensor *t = TF_AllocateOutput(ctx, output, TF_INT64, &n, 1, (size_t) n * sizeof(int64_t), status);
        if (TF_GetCode(status) != TF_OK) {
            TF_OpKernelContext_Failure(ctx, status);
            break;
        }
        int64_t *values = TF_TensorData(t);
        if (output == 1) {
            memcpy(values, b->buckets, (size_t) n * sizeof(int64_t));
        } else {
            // each review's features are consecutive: its row repeats up to where they end
            for (int64_t r = 0, i = 0; r < batch; r++) {
                for (; i < b->ends[r]; i++) {
                    values[i] = r;
                }
            }
        }
        TF_DeleteTensor(t);
    }
    end(b, texts, status);
}

/**
 * Asks the kernel to back the table's whole 2 MB pages with huge pages, now (MADV_COLLAPSE) and for good
 * (MADV_HUGEPAGE), the first time a kernel sees this table. With 4 KB pages each feature's row is a TLB miss as well
 * as a cache miss, a large share of this op's time (docs/benchmarks.md). Only advice: where the kernel cannot
 * (before Linux 6.1, transparent huge pages off), nothing changes but the speed, so failures are ignored.
 */
static void advise_huge_pages(Settings *settings, const float *table, size_t bytes) {
    if (atomic_exchange(&settings->huge_table, (const void *) table) == (const void *) table) {
        return;
    }
    uintptr_t from = ((uintptr_t) table + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t to = ((uintptr_t) table + bytes) & ~(HUGE_PAGE - 1);
    if (to > from) {
        madvise((void *) from, to - from, MADV_HUGEPAGE);
        madvise((void *) from, to - from, MADV_COLLAPSE);
    }
}

static void compute_sums(void *kernel, TF_OpKernelContext *ctx) {
    Settings *settings = kernel;
    TF_Status *status = TF_NewStatus();
    TF_Tensor *texts = NULL;
    TF_Tensor *table = NULL;
    Buffers *b = begin(ctx, status, "ReviewNgramSums: texts must be a vector", &texts);
    if (b != NULL) {
        TF_GetInput(ctx, 1, &table, status);
        if (TF_GetCode(status) != TF_OK) {
            TF_OpKernelContext_Failure(ctx, status);
            b = NULL;
        } else if (TF_NumDims(table) != 2 || TF_Dim(table, 0) != (int64_t) 1 << settings->bucket_bits) {
            sentiment_fail(ctx, status, TF_INVALID_ARGUMENT,
                    "ReviewNgramSums: table must be a matrix of 2^bucket_bits rows");
            b = NULL;
        }
    }
    int64_t shape[2] = {b != NULL ? TF_Dim(texts, 0) : 0, table != NULL ? TF_Dim(table, 1) : 0};
    float *sums = b != NULL ? float_output(ctx, status, 0, shape, 2) : NULL;
    float *count = sums != NULL ? float_output(ctx, status, 1, shape, 1) : NULL;
    const float *values = table != NULL ? TF_TensorData(table) : NULL;
    int64_t dims = shape[1];
    if (count != NULL) {
        advise_huge_pages(settings, values, TF_TensorByteSize(table));
    }
    for (int64_t r = 0; count != NULL && r < shape[0]; r++) {
        long features = review_features(settings, b, text_at(texts, r), 0, values, dims);
        if (features < 0) {
            sentiment_fail(ctx, status, TF_RESOURCE_EXHAUSTED, "ReviewNgramSums: out of memory");
            break;
        }
        count[r] = (float) features;
        float *to = sums + r * dims;
        for (long f = 0; f < features; f++) {
            const float *from = values + b->buckets[f] * dims;
            for (int64_t d = 0; d < dims; d++) {
                to[d] += from[d];
            }
        }
    }
    if (table != NULL) {
        TF_DeleteTensor(table);
    }
    end(b, texts, status);
}

/** Declares an op with the attributes both kernels read, and registers its CPU kernel. */
static void register_op(const char *name, const char *const *inputs, const char *const *outputs,
        void (*compute)(void *, TF_OpKernelContext *)) {
    TF_Status *status = TF_NewStatus();
    TF_OpDefinitionBuilder *op = TF_NewOpDefinitionBuilder(name);
    for (; *inputs != NULL; inputs++) {
        TF_OpDefinitionBuilderAddInput(op, *inputs);
    }
    for (; *outputs != NULL; outputs++) {
        TF_OpDefinitionBuilderAddOutput(op, *outputs);
    }
    TF_OpDefinitionBuilderAddAttr(op, "bucket_bits: int");
    TF_OpDefinitionBuilderAddAttr(op, "max_ngram: int");
    TF_OpDefinitionBuilderSetShapeInferenceFunction(op, sentiment_unknown_shapes);
    TF_RegisterOpDefinition(op, status);
    if (TF_GetCode(status) == TF_OK) {
        TF_RegisterKernelBuilder(name, TF_NewKernelBuilder(name, "CPU", create, compute, destroy), status);
    }
    TF_DeleteStatus(status);
}

__attribute__((constructor)) static void register_ops(void) {
    if (pthread_key_create(&buffers_key, free_buffers) != 0) {
        return;
    }
    static const char *const texts[] = {"texts: string", NULL};
    static const char *const features[] = {"rows: int64", "buckets: int64", "counts: float", NULL};
    static const char *const texts_and_table[] = {"texts: string", "table: float", NULL};
    static const char *const sums[] = {"sums: float", "counts: float", NULL};
    register_op("ReviewNgrams", texts, features, compute_features);
    register_op("ReviewNgramSums", texts_and_table, sums, compute_sums);
}
