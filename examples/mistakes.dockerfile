# 흔한 실수 모음: "# mistake:" 주석이 바로 아래 명령의 잘못을 설명합니다 (괄호 안은 규칙 이름).
# Common mistakes: each "# mistake:" comment explains what is wrong with the instruction
# below it (the rule that reports it in brackets). Dockerfile shows the right way.
ARG VERSION=1.2.3

FROM alpine:3.20 AS build
RUN mkdir -p /out && echo 'echo hello' > /out/hello

# mistake: `as` should be upper case like FROM (FromAsCasing).
FROM alpine:3.20 as base
# mistake: MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors=... (MaintainerDeprecated)
MAINTAINER someone@example.com
# mistake: the legacy `ENV key value` form: write `ENV NODE_ENV=production` (LegacyKeyValueFormat).
ENV NODE_ENV production
# mistake: 비밀번호를 ARG로 넘기면 이미지 기록에 남습니다. Secrets in an ARG end up in the image history (SecretsUsedInArgOrEnv).
ARG DB_PASSWORD=hunter2
# mistake: `cd` does not carry over to the next instruction: use WORKDIR (RunCdInsteadOfWorkdir).
RUN cd /app
# mistake: VERSION was declared before FROM: inside the stage it is empty until `ARG VERSION` (GlobalArgNotInStage).
RUN echo "version $VERSION"
# mistake: 오타: 그런 스테이지는 없습니다. A typo: there is no stage called "biuld", BuildKit pulls an image of that name (CopyFromStage).
COPY --from=biuld /out /usr/local/bin/
# mistake: not a port number (InvalidPort).
EXPOSE 80000
# mistake: the exec form runs no shell: "$HOME" is passed as written (ExecFormVariable).
ENTRYPOINT ["echo", "$HOME"]
# mistake: only the last CMD of a stage counts: this one is ignored (MultipleInstructionsDisallowed).
CMD node server.js
# mistake: invalid JSON (the closing bracket is missing) silently falls back to the shell form (InvalidExecForm).
CMD ["node", "server.js"
# mistake: an unknown instruction (UnknownInstruction).
RUNN echo hi
