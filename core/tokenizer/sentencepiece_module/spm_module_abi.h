/* The plain C interface of liblw_spm.so, the module that holds every sentencepiece call.
 *
 * Why a module: libsentencepiece carries its own copy of protobuf-lite and exports its
 * symbols, while LibTorch loads libprotobuf; a program linked against both crashes
 * before main() when protobuf's start-up code runs into the other copy. So sentencepiece
 * is linked into this one library only, which the core opens at run time with
 * dlopen(RTLD_LOCAL | RTLD_DEEPBIND): the module and sentencepiece then resolve
 * protobuf within themselves, and nothing that links LibTorch links sentencepiece.
 *
 * Rules of the boundary: C types only; no exception crosses it (every error comes back
 * as a message in an lw_spm_error); memory is never freed on the other side from where
 * it was allocated (results are handed to caller callbacks, models are freed by
 * lw_spm_free_model). LW_SPM_ABI_VERSION changes whenever any of this changes, and the
 * core refuses a module whose lw_spm_abi_version() differs. */
#ifndef LW_SPM_MODULE_ABI_H
#define LW_SPM_MODULE_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LW_SPM_ABI_VERSION 0x4C570001u /* "LW", interface revision 1 */

typedef struct lw_spm_error {
    char message[1024]; /* NUL-terminated, empty when no error */
} lw_spm_error;

typedef struct lw_spm_model lw_spm_model;

/* Receivers of results; the pointers are valid only during the call. */
typedef void (*lw_spm_ids_sink)(void* context, const int32_t* ids, size_t count);
typedef void (*lw_spm_bytes_sink)(void* context, const char* bytes, size_t size);

typedef struct lw_spm_train_options {
    uint32_t struct_size;        /* sizeof(lw_spm_train_options) */
    const char* model_type;      /* "bpe" or "unigram" */
    int32_t vocab_size;
    double character_coverage;
    uint64_t seed;
    int32_t num_threads;
    const char* const* input_files; /* UTF-8 text, one sentence per line */
    size_t input_file_count;
    const char* output_prefix;   /* writes <prefix>.model and <prefix>.vocab */
} lw_spm_train_options;

enum lw_spm_piece_kind {
    LW_SPM_PIECE_NORMAL = 0,
    LW_SPM_PIECE_UNKNOWN = 1,
    LW_SPM_PIECE_CONTROL = 2,
    LW_SPM_PIECE_BYTE = 3,
    LW_SPM_PIECE_UNUSED = 4
};

/* Returns LW_SPM_ABI_VERSION as compiled into the module. */
uint32_t lw_spm_abi_version(void);

/* 0 on success; otherwise non-zero with error->message set. */
int lw_spm_train(const lw_spm_train_options* options, lw_spm_error* error);

/* A model from the bytes of a .model file; NULL with error->message on failure. */
lw_spm_model* lw_spm_load(const char* data, size_t size, lw_spm_error* error);
void lw_spm_free_model(lw_spm_model* model);

int lw_spm_encode(const lw_spm_model* model, const char* text, size_t size, lw_spm_ids_sink sink, void* context,
                  lw_spm_error* error);
int lw_spm_decode(const lw_spm_model* model, const int32_t* ids, size_t count, lw_spm_bytes_sink sink, void* context,
                  lw_spm_error* error);

int32_t lw_spm_piece_size(const lw_spm_model* model);
/* The piece as stored in the model ("\xE2\x96\x81the", "<0x0A>", "</s>"); 0 on success. */
int lw_spm_id_to_piece(const lw_spm_model* model, int32_t id, lw_spm_bytes_sink sink, void* context,
                       lw_spm_error* error);
/* One of lw_spm_piece_kind, or -1 for an id out of range. */
int lw_spm_piece_kind(const lw_spm_model* model, int32_t id);
/* -1 when the model has no such piece. */
int32_t lw_spm_eos_id(const lw_spm_model* model);
int32_t lw_spm_unk_id(const lw_spm_model* model);

#ifdef __cplusplus
}
#endif

#endif
