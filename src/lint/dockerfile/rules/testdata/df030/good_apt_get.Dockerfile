FROM debian:12
RUN apt-get install -y curl=7
