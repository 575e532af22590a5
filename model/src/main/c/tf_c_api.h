/*
 * The few declarations of TensorFlow's C API (tensorflow/c/tf_status.h, tf_tensor.h, tf_tstring.h, ops.h,
 * kernels.h) that our ops use, written out because the natives on Maven Central ship no headers. The functions are
 * exported by libtensorflow_framework.so.2 and libtensorflow_cc.so.2.
 */
#ifndef SENTIMENT_TF_C_API_H
#define SENTIMENT_TF_C_API_H

#include <stddef.h>
#include <stdint.h>

typedef struct TF_Status TF_Status;
typedef struct TF_Tensor TF_Tensor;
typedef struct TF_TString TF_TString;
typedef struct TF_OpDefinitionBuilder TF_OpDefinitionBuilder;
typedef struct TF_ShapeInferenceContext TF_ShapeInferenceContext;
typedef struct TF_KernelBuilder TF_KernelBuilder;
typedef struct TF_OpKernelConstruction TF_OpKernelConstruction;
typedef struct TF_OpKernelContext TF_OpKernelContext;

enum { TF_OK = 0, TF_INVALID_ARGUMENT = 3, TF_RESOURCE_EXHAUSTED = 8 };
enum { TF_FLOAT = 1, TF_INT64 = 9 };
enum { TF_TSTRING_SIZE = 24 };

extern TF_Status *TF_NewStatus(void);
extern void TF_DeleteStatus(TF_Status *);
extern void TF_SetStatus(TF_Status *, int code, const char *message);
extern int TF_GetCode(const TF_Status *);
extern int TF_NumDims(const TF_Tensor *);
extern int64_t TF_Dim(const TF_Tensor *, int dim_index);
extern void *TF_TensorData(const TF_Tensor *);
extern size_t TF_TensorByteSize(const TF_Tensor *);
extern void TF_DeleteTensor(TF_Tensor *);
extern const char *TF_StringGetDataPointer(const TF_TString *);
extern size_t TF_StringGetSize(const TF_TString *);
extern size_t TF_StringGetType(const TF_TString *);

extern TF_OpDefinitionBuilder *TF_NewOpDefinitionBuilder(const char *op_name);
extern void TF_OpDefinitionBuilderAddInput(TF_OpDefinitionBuilder *, const char *input_spec);
extern void TF_OpDefinitionBuilderAddOutput(TF_OpDefinitionBuilder *, const char *output_spec);
extern void TF_OpDefinitionBuilderAddAttr(TF_OpDefinitionBuilder *, const char *attr_spec);
extern void TF_OpDefinitionBuilderSetShapeInferenceFunction(TF_OpDefinitionBuilder *,
        void (*shape_inference)(TF_ShapeInferenceContext *, TF_Status *));
extern void TF_ShapeInferenceContextSetUnknownShape(TF_ShapeInferenceContext *, TF_Status *);
extern void TF_RegisterOpDefinition(TF_OpDefinitionBuilder *, TF_Status *);

extern TF_KernelBuilder *TF_NewKernelBuilder(const char *op_name, const char *device_name,
        void *(*create)(TF_OpKernelConstruction *), void (*compute)(void *, TF_OpKernelContext *),
        void (*destroy)(void *));
extern void TF_RegisterKernelBuilder(const char *kernel_name, TF_KernelBuilder *, TF_Status *);
extern void TF_OpKernelConstruction_GetAttrInt64(TF_OpKernelConstruction *, const char *attr_name, int64_t *value,
        TF_Status *);
extern void TF_OpKernelConstruction_Failure(TF_OpKernelConstruction *, TF_Status *);
extern void TF_GetInput(TF_OpKernelContext *, int index, TF_Tensor **tensor, TF_Status *);
extern TF_Tensor *TF_AllocateOutput(TF_OpKernelContext *, int index, int dtype, const int64_t *dims, int num_dims,
        size_t length, TF_Status *);
extern void TF_OpKernelContext_Failure(TF_OpKernelContext *, TF_Status *);

/** Sets status and fails the kernel's call with it. */
static inline void sentiment_fail(TF_OpKernelContext *ctx, TF_Status *status, int code, const char *message) {
    TF_SetStatus(status, code, message);
    TF_OpKernelContext_Failure(ctx, status);
}

/** Every output's shape is left unknown: the ops' outputs depend on their inputs' values. */
static inline void sentiment_unknown_shapes(TF_ShapeInferenceContext *ctx, TF_Status *status) {
    TF_ShapeInferenceContextSetUnknownShape(ctx, status);
}

#endif
