FROM debian:12
RUN apt-get install -qy curl=7
