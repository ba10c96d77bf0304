/* Outputs written whole or not at all (whole-file.h). */
#include "whole-file.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "alloc-fail.h"
#include "helpers.h"

static size_t entries_in(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    size_t entries = 0;
    for (struct dirent *e; (e = readdir(d));)
        entries += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return entries;
}

/* How many allocations a complete write makes: failing the n-th for every
 * n before that, the write fails, leaves the directory's entries as they
 * were and frees all it allocated. */
static long allocations_of(path_writer write, const void *object, const char *path,
                           const char *dir)
{
    size_t entries = entries_in(dir);
    failalloc_install();
    long base = failalloc_live();
    for (long n = 1;; n++) {
        failalloc_arm(n, false);
        cjm_status st = write(path, object);
        bool tripped = failalloc_tripped();
        failalloc_arm(0, false);
        ck_assert_int_eq(failalloc_live(), base);
        if (!tripped) {
            failalloc_uninstall();
            ck_assert_ok(st);
            return n;
        }
        ck_assert_int_ne(st, CJM_OK);
        ck_assert_uint_eq(entries_in(dir), entries);
    }
}

void check_path_whole_or_not_at_all(path_writer write, const void *object, const char *func)
{
    char dir[] = "/tmp/cjm-whole-XXXXXX", path[64], prefix[128];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out", dir);
    snprintf(prefix, sizeof prefix, "%s: ", func);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("old", f);
    fclose(f);
    ck_assert_int_eq(chmod(path, 0640), 0);

    /* Stopped part way: the old file stays, nothing is left beside it. */
    struct rlimit saved, small;
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &saved), 0);
    small = saved;
    small.rlim_cur = 1000;
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
    cjm_status st = write(path, object);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &saved), 0);
    signal(SIGXFSZ, old_handler);
    ck_assert_int_eq(st, CJM_ERR_IO);
    ck_assert_error_mentions(prefix);
    char back[16] = "";
    f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fread(back, 1, sizeof back - 1, f), 3);
    fclose(f);
    ck_assert_str_eq(back, "old");
    ck_assert_uint_eq(entries_in(dir), 1);

    /* Complete: replaced, with the old file's permissions. */
    ck_assert_ok(write(path, object));
    struct stat info;
    ck_assert_int_eq(stat(path, &info), 0);
    ck_assert_int_eq(info.st_mode & 0777, 0640);
    ck_assert_int_gt(info.st_size, 1000);
    ck_assert_uint_eq(entries_in(dir), 1);
    /* The mode is the old file's whatever the umask would take away. */
    ck_assert_int_eq(chmod(path, 0664), 0);
    mode_t mask = umask(022);
    st = write(path, object);
    umask(mask);
    ck_assert_ok(st);
    ck_assert_int_eq(stat(path, &info), 0);
    ck_assert_int_eq(info.st_mode & 0777, 0664);

    /* Through a dangling symbolic link, the file it names is created (as a
     * shell's '>' would) and the link stays; a loop of links is an error. */
    char link[80], made[80], loop[80];
    snprintf(link, sizeof link, "%s/link", dir);
    snprintf(made, sizeof made, "%s/made", dir);
    snprintf(loop, sizeof loop, "%s/loop", dir);
    ck_assert_int_eq(symlink("made", link), 0);
    ck_assert_ok(write(link, object));
    ck_assert_int_eq(lstat(link, &info), 0);
    ck_assert(S_ISLNK(info.st_mode));
    ck_assert_int_eq(lstat(made, &info), 0);
    ck_assert(S_ISREG(info.st_mode));
    ck_assert_int_gt(info.st_size, 1000);
    /* Following the link allocates through the library's allocator, so a
     * failure there is seen and cleaned up like any other. */
    ck_assert_int_eq(unlink(made), 0);
    long plain = allocations_of(write, object, path, dir);
    ck_assert_int_gt(allocations_of(write, object, link, dir), plain);
    ck_assert_int_eq(symlink("loop", loop), 0);
    ck_assert_status(write(loop, object), CJM_ERR_IO);
    ck_assert_uint_eq(entries_in(dir), 4);
    ck_assert_int_eq(unlink(link), 0);
    ck_assert_int_eq(unlink(made), 0);
    ck_assert_int_eq(unlink(loop), 0);

    /* A directory is no file to replace. */
    ck_assert_status(write(dir, object), CJM_ERR_IO);
    ck_assert_error_mentions(strerror(EISDIR));
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(rmdir(dir), 0);
}
