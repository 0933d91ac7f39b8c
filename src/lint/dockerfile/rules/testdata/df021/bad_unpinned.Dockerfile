FROM debian:12
RUN apt-get install -y curl wget=1.21
