FROM debian:12
RUN apt install -y curl=7
