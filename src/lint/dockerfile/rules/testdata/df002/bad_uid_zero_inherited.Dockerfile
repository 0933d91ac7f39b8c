FROM debian:12 AS base
USER 0:0
FROM base
RUN id
