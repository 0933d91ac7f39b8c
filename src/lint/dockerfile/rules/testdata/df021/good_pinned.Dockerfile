FROM debian:12
RUN apt-get install -y -t bookworm-backports curl=7.88 ./local.deb
