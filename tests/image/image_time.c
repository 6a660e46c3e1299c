/*
 * image_time.c — kith-image-time: times the image stage on photos, one at a
 * time on one core, and prints the median of each step and of the whole stage
 * (wall clock and process CPU). Not a test: a measuring tool.
 *
 *   kith-image-time [--save DIR] PHOTO...
 *
 * With --save, each normalized card is written to DIR/<name>.png to look at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vips/vips.h>

#include "image/image.h"

static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n ? (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) : 0;
}

int main(int argc, char **argv)
{
    if (VIPS_INIT(argv[0]))
        return 1;
    vips_concurrency_set(1);
    const char *save = NULL;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--save") == 0) {
        save = argv[2];
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: kith-image-time [--save DIR] PHOTO...\n");
        return 2;
    }
    int cap = argc - first, n = 0, failed = 0;
    double *col[7];
    for (int k = 0; k < 7; k++)
        col[k] = calloc((size_t)cap, sizeof(double));
    for (int i = first; i < argc; i++) {
        kith_image *img = NULL;
        kith_err err;
        double c0 = cpu_ms();
        if (kith_image_normalize(argv[i], NULL, &img, &err) < 0) {
            printf("%s: error: %s\n", argv[i], err.msg);
            failed++;
            continue;
        }
        double cpu = cpu_ms() - c0;
        double total = img->ms_load + img->ms_find + img->ms_warp + img->ms_orient + img->ms_clean;
        double v[7] = { img->ms_load, img->ms_find, img->ms_warp, img->ms_orient,
                        img->ms_clean, total, cpu };
        for (int k = 0; k < 7; k++)
            col[k][n] = v[k];
        n++;
        printf("%s: %dx%d found=%d rotation=%d inverted=%d  load %.1f find %.1f warp %.1f "
               "orient %.1f clean %.1f  total %.1f ms (cpu %.1f)\n",
               argv[i], img->width, img->height, img->card_found, img->rotation, img->inverted,
               v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        if (save) {
            const char *base = strrchr(argv[i], '/');
            char out[4096];
            snprintf(out, sizeof out, "%s/%s.png", save, base ? base + 1 : argv[i]);
            if (kith_image_save(img, out, &err) < 0)
                printf("%s: cannot save: %s\n", out, err.msg);
        }
        kith_image_free(img);
    }
    printf("%d photos (%d failed); medians: load %.1f find %.1f warp %.1f orient %.1f clean %.1f"
           "  stage %.1f ms wall, %.1f ms cpu\n",
           n, failed, median(col[0], n), median(col[1], n), median(col[2], n), median(col[3], n),
           median(col[4], n), median(col[5], n), median(col[6], n));
    for (int k = 0; k < 7; k++)
        free(col[k]);
    return failed ? 1 : 0;
}
