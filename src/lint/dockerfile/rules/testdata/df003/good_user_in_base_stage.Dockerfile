FROM debian:12 AS base
USER app
FROM base
CMD ["app"]
