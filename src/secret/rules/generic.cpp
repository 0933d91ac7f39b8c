// SPDX-License-Identifier: Apache-2.0
// Built-in secret rules, generic. Written for berth from the token formats the vendors document
// (prefixes, lengths, alphabets); each rule carries a true-positive and a false-positive sample
// that rules_test.cpp checks. Regexes are RE2 syntax; `keywords` (comma-separated, matched
// case-insensitively by the Hyperscan prefilter) must all be literal parts of what the regex
// matches, so a chunk without any of them never reaches RE2.
//   Database URLs with passwords (PostgreSQL, MySQL/MariaDB, MongoDB, Redis, AMQP, JDBC), HTTP
//   Authorization headers, curl --user passwords and high-entropy values assigned to secret-named
//   keys (entropy thresholds below).
#include "secret/builtin.hpp"

namespace berth::secret {
namespace {

using check::Severity;

constexpr BuiltinRule kRules[] = {
    {.id = "http-authorization-header",
     .category = "generic",
     .title = "Credentials in an HTTP Authorization header",
     .severity = Severity::Medium,
     .regex = R"re((?i)\bauthorization:\s*(?:basic|bearer|token)\s+([A-Za-z0-9+/=._\-]{16,}))re",
     .keywords = "authorization:",
     .min_entropy = 3.0,
     .tp = "curl -H \"Authorization: Bearer dCiSFHL2VQDFWjKcpnS7nA_1hYI12KNelCOCN3R0\" "
           "https://api.example.com",
     .fp = "curl -H \"Authorization: Bearer $TOKEN\" https://api.example.com"},
    {.id = "curl-basic-auth",
     .category = "generic",
     .title = "Password in a curl --user argument",
     .severity = Severity::Medium,
     .regex = R"re(\bcurl\b[^\n]{0,200}?\s(?:-u|--user)\s*[\'"]?[^:\s\'"]+:([^\s\'"@]{6,}))re",
     .keywords = "curl",
     .min_entropy = 3.0,
     .tp = "curl -u deploy:gzt2VJZrnolVsQH2RDSd https://repo.example.com",
     .fp = "curl -u deploy:$PASSWORD https://repo.example.com"},
    {.id = "postgres-url-password",
     .category = "generic",
     .title = "PostgreSQL URL with a password",
     .severity = Severity::High,
     .regex =
         R"re((?i)\bpostgres(?:ql)?(?:\+\w+)?://[^:/\s\'"@]{1,64}:([^@\s\'"/]{3,128})@[A-Za-z0-9_.\-\[\]]+)re",
     .keywords = "postgres://,postgresql://,postgresql+,postgres+",
     .tp = "DATABASE_URL=postgres://app:9xszq7ahW7bJZoDo@db.internal:5432/app",
     .fp = "DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app"},
    {.id = "mysql-url-password",
     .category = "generic",
     .title = "MySQL/MariaDB URL with a password",
     .severity = Severity::High,
     .regex =
         R"re((?i)\b(?:mysql|mariadb)(?:\+\w+)?://[^:/\s\'"@]{1,64}:([^@\s\'"/]{3,128})@[A-Za-z0-9_.\-\[\]]+)re",
     .keywords = "mysql://,mariadb://,mysql+",
     .tp = "DB=mysql://root:CyWkHhkgrHt6qtgq@mysql:3306/app",
     .fp = "DB=mysql://root:password@localhost/app"},
    {.id = "mongodb-url-password",
     .category = "generic",
     .title = "MongoDB URL with a password",
     .severity = Severity::High,
     .regex =
         R"re((?i)\bmongodb(?:\+srv)?://[^:/\s\'"@]{1,64}:([^@\s\'"/]{3,128})@[A-Za-z0-9_.\-\[\]]+)re",
     .keywords = "mongodb://,mongodb+srv://",
     .tp = "MONGO_URL=mongodb+srv://app:hiL6UuimB5EilkgB@cluster0.example.net/app",
     .fp = "MONGO_URL=mongodb://user:<password>@localhost/app"},
    {.id = "redis-url-password",
     .category = "generic",
     .title = "Redis URL with a password",
     .severity = Severity::High,
     .regex = R"re((?i)\brediss?://[^:/\s\'"@]{0,64}:([^@\s\'"/]{3,128})@[A-Za-z0-9_.\-\[\]]+)re",
     .keywords = "redis://,rediss://",
     .tp = "REDIS_URL=redis://:IltX73hgsGQ8fJ5dg1yd@cache:6379/0",
     .fp = "REDIS_URL=redis://:${REDIS_PASSWORD}@cache:6379/0"},
    {.id = "amqp-url-password",
     .category = "generic",
     .title = "AMQP (RabbitMQ) URL with a password",
     .severity = Severity::High,
     .regex = R"re((?i)\bamqps?://[^:/\s\'"@]{1,64}:([^@\s\'"/]{3,128})@[A-Za-z0-9_.\-\[\]]+)re",
     .keywords = "amqp://,amqps://",
     .tp = "BROKER_URL=amqp://app:KdshTehxY3lp2oau@rabbit:5672//",
     .fp = "BROKER_URL=amqp://guest:guest@localhost:5672//"},
    {.id = "jdbc-url-password",
     .category = "generic",
     .title = "JDBC URL with a password",
     .severity = Severity::High,
     .regex = R"re((?i)\bjdbc:[a-z0-9]+:[^\s\'"]*?[;?&]password=([^;&\s\'"]{3,128}))re",
     .keywords = "jdbc:",
     .tp = "url=jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=BllKE5C9NFAvQtTq",
     .fp = "url=jdbc:postgresql://db/app?user=app&password=${DB_PASSWORD}"},
    {.id = "generic-secret-assignment",
     .category = "generic",
     .title = "High-entropy secret assigned to a secret-named key",
     .severity = Severity::Medium,
     .regex =
         R"re((?i)\b[\w.\-]{0,40}?(?:secret|token|passwd|password|api_?key|apikey|access_?key|auth_?key|private_?key)[\w.\-]{0,20}?[\'"]?\s*(?::=|=>|=|:)\s*[\'"]([^\'"\s:]{12,128})[\'"])re",
     .keywords = "secret,token,passwd,password,api_key,apikey,access_key,accesskey,auth_key,"
                 "authkey,private_key,privatekey",
     .min_entropy = 3.7,
     .tp = "client_secret = \"UQNH727gFuOE5SZCsqcE39PoA8kT8KWC\"",
     .fp = "client_secret = \"your-client-secret-here\""},
    {.id = "generic-env-secret",
     .category = "generic",
     .title = "High-entropy secret in an environment assignment",
     .severity = Severity::Medium,
     .regex =
         R"re((?m)^[ \t]*(?:export[ \t]+|ENV[ \t]+)?[A-Z0-9_]*(?:SECRET|TOKEN|PASSWORD|PASSWD|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY)[A-Z0-9_]*[ \t]*=[ \t]*([^\s\'"#$]{16,128})[ \t]*$)re",
     .keywords = "SECRET,TOKEN,PASSWORD,PASSWD,API_KEY,APIKEY,ACCESS_KEY,PRIVATE_KEY",
     .min_entropy = 3.7,
     .tp = "export SERVICE_SECRET=ERU7M4VvG0PzzsHz3Bwu72ltosQR41nH\n",
     .fp = "export SERVICE_SECRET=please-change-this-value\n"},
};

}  // namespace

std::span<const BuiltinRule> generic_rules() {
    return kRules;
}

}  // namespace berth::secret
