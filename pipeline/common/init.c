/* init.c — libkith's one-time library set-up (see init.h). */
#include "common/init.h"

#include <glib.h>
#include <leptonica/allheaders.h>
#include <pthread.h>
#include <stdlib.h>
#include <vips/vips.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_failed;

static void discard_log(const gchar *domain, GLogLevelFlags level, const gchar *msg,
                        gpointer user)
{
    (void)domain;
    (void)level;
    (void)msg;
    (void)user;
}

static void init_once(void)
{
    if (vips_init("kith") != 0) {
        init_failed = 1;
        return;
    }
    vips_cache_set_max(0);
    /* loaders of formats no card comes in, each a large parser of outside
     * bytes: ImageMagick (libvips hands it whatever it does not know,
     * text files included), OpenSlide, and the scientific formats. The
     * formats kith reads (JPEG, PNG, WebP, TIFF, GIF, HEIF, PDF) have their
     * own loaders. */
    static const char *const blocked[] = { "VipsForeignLoadMagick", "VipsForeignLoadOpenslide",
                                           "VipsForeignLoadMat", "VipsForeignLoadFits",
                                           "VipsForeignLoadAnalyze", "VipsForeignLoadCsv",
                                           "VipsForeignLoadMatrix" };
    for (size_t i = 0; i < sizeof blocked / sizeof blocked[0]; i++)
        vips_operation_block_set(blocked[i], TRUE);
    if (!getenv("LEPT_MSG_SEVERITY"))
        setMsgSeverity(L_SEVERITY_NONE);
    if (!getenv("VIPS_DEBUG_LOG"))
        g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE, discard_log,
                          NULL);
}

int kith_library_init(kith_err *err)
{
    pthread_once(&once, init_once);
    if (init_failed)
        return kith_error(err, "cannot start libvips");
    return 0;
}
