/*
 * fuzz_store.c — libFuzzer target for the store's open and migration on a
 * damaged database file: the bytes are written as a database file (in a
 * private temporary folder, -wal and -shm removed each time), opened with
 * kith_store_open (schema version check, foreign-database check,
 * migrations), and when that succeeds every contact is read back. A damaged
 * file is an error returned; nothing may crash or leak. Seeds: small kith
 * databases made by tests/fuzz/make_seeds.sh (512-byte pages).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/util.h"
#include "store/store.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static char *path, *wal, *shm;

static void cleanup(void)
{
    unlink(path);
    unlink(wal);
    unlink(shm);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/kith-fuzz-store.XXXXXX",
             tmp && strlen(tmp) < 32 ? tmp : "/tmp");
    if (!mkdtemp(dir))
        abort();
    path = kith_xasprintf("%s/kith.db", dir);
    wal = kith_xasprintf("%s-wal", path);
    shm = kith_xasprintf("%s-shm", path);
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unlink(wal);
    unlink(shm);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    kith_store *st = NULL;
    kith_err err;
    if (kith_store_open(path, &st, &err) == 0) {
        int64_t *ids = NULL;
        size_t n = 0;
        if (kith_store_contact_ids(st, NULL, &ids, &n, &err) == 0) {
            for (size_t i = 0; i < n && i < 50; i++) {
                kith_contact *c = NULL;
                if (kith_store_contact_get(st, ids[i], &c, &err) == 0)
                    kith_contact_free(c);
            }
            free(ids);
        }
        int64_t id = 0;
        kith_store_card_by_hash(st, "0000000000000000000000000000000000000000000000000000000000000000",
                                &id, &err);
        kith_store_close(st);
    }
    return 0;
}
