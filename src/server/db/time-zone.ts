// The platform's time zone (decision 026). Whatever the server's own setting, the dates the
// database derives from timestamps (`::date`, a record's effective date in the rollups of
// decision 020) are Zhejiang's: a record entered at 07:30 on 1 July belongs to 1 July.
// A PostgreSQL server gets it in each connection's startup options (client.ts). PGlite ignores
// those; it is one session for every connection, set once where it is opened (pglite.ts).
export const PLATFORM_TIME_ZONE = 'Asia/Shanghai';

export const SET_PLATFORM_TIME_ZONE = `SET TIME ZONE '${PLATFORM_TIME_ZONE}'`;
