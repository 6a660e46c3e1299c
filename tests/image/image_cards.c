/*
 * image_cards.c — kith-image-cards: lists the cards the image stage finds on
 * each page of a file (a flatbed page, a PDF), with their corners and the
 * time taken. Not a test: a tool to look with.
 *
 *   kith-image-cards [--save DIR] FILE...
 *
 * With --save, card k of page p of FILE is written to
 * DIR/<name>.p<p>.c<k>.png (1-based).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vips/vips.h>

#include "common/util.h"
#include "image/image.h"

int main(int argc, char **argv)
{
    const char *save = NULL;
    int i = 1;
    if (argc > 2 && strcmp(argv[1], "--save") == 0) {
        save = argv[2];
        i = 3;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: kith-image-cards [--save DIR] FILE...\n");
        return 2;
    }
    kith_image_opts opts;
    kith_image_opts_default(&opts);
    int status = 0;
    for (; i < argc; i++) {
        kith_err err;
        kith_err_clear(&err);
        int pages = 0;
        if (kith_image_pages(argv[i], &pages, &err) < 0) {
            fprintf(stderr, "%s: %s\n", argv[i], err.msg);
            status = 1;
            continue;
        }
        for (int p = 0; p < pages; p++) {
            kith_image **cards = NULL;
            int n = 0;
            double t0 = kith_monotonic();
            if (kith_image_normalize_all(argv[i], p, &opts, &cards, &n, &err) < 0) {
                fprintf(stderr, "%s page %d: %s\n", argv[i], p + 1, err.msg);
                status = 1;
                continue;
            }
            printf("%s page %d: %d card%s, %.0f ms\n", argv[i], p + 1, n, n == 1 ? "" : "s",
                   (kith_monotonic() - t0) * 1000);
            for (int k = 0; k < n; k++) {
                const kith_image *c = cards[k];
                printf("  card %d: found %d, rotation %d, dark %d, corners", k + 1,
                       c->card_found, c->rotation, c->inverted);
                for (int q = 0; q < 4; q++)
                    printf(" (%.0f, %.0f)", c->corners[q][0], c->corners[q][1]);
                printf("; ms load %.0f find %.0f warp %.0f clean %.0f orient %.0f\n", c->ms_load,
                       c->ms_find, c->ms_warp, c->ms_clean, c->ms_orient);
                if (save) {
                    const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
                    char *out = kith_xasprintf("%s/%s.p%d.c%d.png", save, base, p + 1, k + 1);
                    if (kith_image_save(c, out, &err) < 0) {
                        fprintf(stderr, "%s: %s\n", out, err.msg);
                        status = 1;
                    }
                    free(out);
                }
            }
            kith_image_list_free(cards, n);
        }
    }
    vips_shutdown();
    return status;
}
