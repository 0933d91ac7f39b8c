FROM debian:12
RUN set -euo pipefail; curl -fsSL https://example.com/x.tgz | tar xz
