/* Outputs written whole or not at all, checked the same way for every
 * writer that takes a path. */
#ifndef CJM_TEST_WHOLE_FILE_H
#define CJM_TEST_WHOLE_FILE_H

#include <cjm/cjm.h>

/* Writes the object to the path given; returns the writer's status. */
typedef cjm_status (*path_writer)(const char *path, const void *object);

/* A complete write replaces the file and keeps its permissions; a write
 * stopped part way (a file size limit, as a full disk would) fails with
 * CJM_ERR_IO naming func, leaves the old file as it was and nothing beside
 * it; a directory as the path is refused. The object's text must be longer
 * than 1,000 bytes. */
void check_path_whole_or_not_at_all(path_writer write, const void *object, const char *func);

#endif
