/* The least any libpq client can do for a case of bench/migrate: load libpq, connect, send the
 * SQL in the given file in one round trip (simple query protocol), exit. No revision logic,
 * no version checks, no per-revision transactions. run.sh times it next to atrium and Alembic
 * so that the PostgreSQL ratios can be read against what the server and libpq alone cost.
 *
 *   libpq_floor <connection URL> <file with SQL>
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s <url> <sql file>\n", argv[0]);
    return 64;
  }
  FILE* file = fopen(argv[2], "rb");
  if (file == NULL) {
    perror(argv[2]);
    return 66;
  }
  static char sql[1 << 20];
  size_t n = fread(sql, 1, sizeof sql - 1, file);
  fclose(file);
  sql[n] = '\0';
  PGconn* conn = PQconnectdb(argv[1]);
  if (PQstatus(conn) != CONNECTION_OK) {
    fprintf(stderr, "%s", PQerrorMessage(conn));
    return 1;
  }
  int status = 0;
  PGresult* result = PQexec(conn, sql);
  ExecStatusType kind = PQresultStatus(result);
  if (kind != PGRES_COMMAND_OK && kind != PGRES_TUPLES_OK) {
    fprintf(stderr, "%s", PQerrorMessage(conn));
    status = 1;
  }
  PQclear(result);
  PQfinish(conn);
  return status;
}
