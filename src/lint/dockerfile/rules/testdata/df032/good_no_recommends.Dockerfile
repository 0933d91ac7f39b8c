FROM debian:12
RUN apt-get install -y --no-install-recommends curl=7 && apt-get -o APT::Install-Recommends=false install -y wget=1
