// SPDX-License-Identifier: Apache-2.0
// Built-in secret rules, registry. Written for berth from the token formats the vendors document
// (prefixes, lengths, alphabets); each rule carries a true-positive and a false-positive sample
// that rules_test.cpp checks. Regexes are RE2 syntax; `keywords` (comma-separated, matched
// case-insensitively by the Hyperscan prefilter) must all be literal parts of what the regex
// matches, so a chunk without any of them never reaches RE2.
//   Package and image registries: npm (npm_ tokens, .npmrc), PyPI, RubyGems, NuGet, Docker
//   (config.json auths, Docker Hub tokens), JFrog Artifactory, crates.io, Maven settings.xml,
//   .pypirc.
#include "secret/builtin.hpp"

namespace berth::secret {
namespace {

using check::Severity;

constexpr BuiltinRule kRules[] = {
    {.id = "npm-access-token",
     .category = "registry",
     .title = "npm access token",
     .severity = Severity::Critical,
     .regex = R"re(\b(npm_[A-Za-z0-9]{36})\b)re",
     .keywords = "npm_",
     .tp = "//registry.npmjs.org/:_authToken=npm_H7FUbxjZUqqNsqSiRp8E6ldzvX79pblREsFh",
     .fp = "npm_config_cache=/tmp/npm"},
    {.id = "npmrc-auth-token",
     .category = "registry",
     .title = "npm registry auth token in .npmrc",
     .severity = Severity::High,
     .regex = R"re((?i)(?:^|[\s/])(?://[^\s:]+/:)?_authToken\s*=\s*([A-Za-z0-9\-_.+/=]{20,}))re",
     .keywords = "_authtoken",
     .min_entropy = 3.0,
     .tp = "//npm.pkg.github.com/:_authToken=v8YqDvfRbAAonLMm0kge5GlWUskvCUkYGsIcNuCw",
     .fp = "//registry.npmjs.org/:_authToken=${NPM_TOKEN}"},
    {.id = "npmrc-auth",
     .category = "registry",
     .title = "npm basic auth in .npmrc",
     .severity = Severity::High,
     .regex = R"re((?i)(?:^|\s)(?://[^\s:]+/:)?_auth\s*=\s*([A-Za-z0-9+/]{16,}={0,2}))re",
     .keywords = "_auth",
     .min_entropy = 3.0,
     .tp = "_auth=7wdD8g2ewsyx1yw2Vp0IIpGrq0a7ioj1",
     .fp = "_auth=${NPM_AUTH}"},
    {.id = "pypi-token",
     .category = "registry",
     .title = "PyPI upload token",
     .severity = Severity::Critical,
     .regex = R"re(\b(pypi-AgE[IN](?:cHlwaS5vcmc|dGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,}))re",
     .keywords = "pypi-AgEIcHlwaS5vcmc,pypi-AgENdGVzdC5weXBpLm9yZw",
     .tp = "password = "
           "pypi-AgEIcHlwaS5vcmcEcsqFmqnGZSeSL-Swyd81kge0nPLR1VSMdpO2jj_8-"
           "c1Y0u6jesWOHhKRDQTjYuWtNxpss",
     .fp = "password = pypi-AgEIcHlwaS5vcmc"},
    {.id = "rubygems-api-key",
     .category = "registry",
     .title = "RubyGems API key",
     .severity = Severity::High,
     .regex = R"re(\b(rubygems_[a-f0-9]{48})\b)re",
     .keywords = "rubygems_",
     .tp = ":rubygems_api_key: rubygems_e3e2bd12fcf2f11b74ce6b7e1d4a716a1e8c9fc4b8de0a90",
     .fp = ":rubygems_api_key: rubygems_"},
    {.id = "nuget-api-key",
     .category = "registry",
     .title = "NuGet API key",
     .severity = Severity::High,
     .regex = R"re(\b(oy2[a-z0-9]{43})\b)re",
     .keywords = "oy2",
     .tp = "NUGET_API_KEY=oy2hl4n4w2otsx5p0jehi964a3gipc9rdt6x8wq1oc073e",
     .fp = "NUGET_API_KEY=oy2abc"},
    {.id = "docker-config-auth",
     .category = "registry",
     .title = "Registry credentials in a Docker config.json",
     .severity = Severity::High,
     .regex = R"re("auth"\s*:\s*"([A-Za-z0-9+/]{12,}={0,2})")re",
     .keywords = "\"auth\"",
     .min_entropy = 3.0,
     .tp = "{\"auths\": {\"registry.example.com\": {\"auth\": "
           "\"kqG7CutjqlxGvic60voQDoUBVwPwqIgxrWn9KlzL\"}}}",
     .fp = "{\"auths\": {\"registry.example.com\": {\"auth\": \"\"}}}"},
    {.id = "docker-hub-pat",
     .category = "registry",
     .title = "Docker Hub personal or organisation access token",
     .severity = Severity::High,
     .regex = R"re(\b(dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,32}))re",
     .keywords = "dckr_pat_,dckr_oat_",
     .tp = "DOCKERHUB_TOKEN=dckr_pat_7DjgUaAB4puu-KhkfxiA-GXeNUV",
     .fp = "DOCKERHUB_TOKEN=dckr_pat_"},
    {.id = "artifactory-api-key",
     .category = "registry",
     .title = "JFrog Artifactory API key",
     .severity = Severity::High,
     .regex = R"re(\b(AKCp[A-Za-z0-9]{69})\b)re",
     .keywords = "AKCp",
     .tp = "ARTIFACTORY_API_KEY="
           "AKCpkTi4W4VRolNB8hT3abL2NfwSepDDW4P1yEqiPHqnzJiMSjtsKAbrmbl0Ofy4za6WZAfdv",
     .fp = "ARTIFACTORY_API_KEY=AKCp"},
    {.id = "artifactory-reference-token",
     .category = "registry",
     .title = "JFrog Artifactory reference token",
     .severity = Severity::High,
     .regex = R"re(\b(cmVmd[A-Za-z0-9]{59})\b)re",
     .keywords = "cmVmd",
     .tp = "ARTIFACTORY_TOKEN=cmVmdc6188dTPyyqEaAB12pUk8YYxZ4BpgNQNhHAtYF2TjMNRNDrK8jEJPmEpJku",
     .fp = "ARTIFACTORY_TOKEN=cmVmdA"},
    {.id = "crates-io-token",
     .category = "registry",
     .title = "crates.io API token",
     .severity = Severity::High,
     .regex = R"re(\b(cio[A-Za-z0-9]{32})\b)re",
     .keywords = "cio",
     .tp = "CARGO_REGISTRY_TOKEN=ciojxLutwYFATpO4wZiYQoXJRTR1pRWzh6B",
     .fp = "CARGO_REGISTRY_TOKEN=cio"},
    {.id = "maven-settings-password",
     .category = "registry",
     .title = "Plain password in Maven settings.xml",
     .severity = Severity::Medium,
     .regex = R"re(<password>([^<${}\s]{8,})</password>)re",
     .keywords = "<password>",
     .min_entropy = 3.0,
     .tp = "<server><id>repo</id><password>57wbmWFzNokEdlEsdZJl</password></server>",
     .fp = "<server><id>repo</id><password>${env.REPO_PASSWORD}</password></server>"},
    {.id = "pypirc-password",
     .category = "registry",
     .title = "Plain password in .pypirc or pip.conf",
     .severity = Severity::Medium,
     .regex = R"re((?im)^\s*password\s*[:=]\s*([^\s${}%]{8,})\s*$)re",
     .keywords = "password",
     .min_entropy = 3.0,
     .tp = "[pypi]\nusername = demo\npassword = 7StAbMEa29NOwKu8sonuFkRo\n",
     .fp = "[pypi]\nusername = __token__\npassword = %(PYPI_PASSWORD)s\n"},
};

}  // namespace

std::span<const BuiltinRule> registry_rules() {
    return kRules;
}

}  // namespace berth::secret
