/**
 * The instruction table: the one source of truth for hover, completion and
 * validation. Content follows Docker's Dockerfile reference
 * (https://docs.docker.com/reference/dockerfile/), BuildKit's
 * `frontend/dockerfile/instructions` (flag and mount-option parsing) and the
 * BuildKit build-check rules. Every text is given in English and Korean.
 */
import type { DirectiveDoc, FlagDoc, FlagValueDoc, InstructionDoc, Localized, PredefinedArgDoc } from './types';

const REF = 'https://docs.docker.com/reference/dockerfile/';
const ref = (anchor: string): string => `${REF}#${anchor}`;
const l = (en: string, ko: string): Localized => ({ en, ko });
const lines = (...xs: string[]): string => xs.join('\n');
const val = (value: string, en: string, ko: string): FlagValueDoc => ({ value, doc: l(en, ko) });

type MountOption = { key: string; syntax: string; doc: Localized };
const opt = (key: string, syntax: string, en: string, ko: string): MountOption => ({ key, syntax, doc: l(en, ko) });
/** An alias key (`dst` for `target`): a separate entry so validation knows every accepted key. */
const alias = (key: string, of: string, syntax: string): MountOption =>
  opt(key, syntax, `Alias of \`${of}\`.`, `\`${of}\`의 별칭입니다.`);
const targetOptions = (en: string, ko: string): MountOption[] => [
  opt('target', 'target=<path>', en, ko),
  alias('dst', 'target', 'dst=<path>'),
  alias('destination', 'target', 'destination=<path>'),
];
const idOwnerOptions = (what: { en: string; ko: string }, mode: string): MountOption[] => [
  opt('mode', 'mode=<octal>', `File mode of the ${what.en}, in octal. Default \`${mode}\`.`, `${what.ko}의 파일 모드(8진수)입니다. 기본값은 \`${mode}\`입니다.`),
  opt('uid', 'uid=<uid>', `User ID of the ${what.en}. Default \`0\`.`, `${what.ko}의 사용자 ID입니다. 기본값은 \`0\`입니다.`),
  opt('gid', 'gid=<gid>', `Group ID of the ${what.en}. Default \`0\`.`, `${what.ko}의 그룹 ID입니다. 기본값은 \`0\`입니다.`),
];
const boolValues = (enTrue: string, koTrue: string, enFalse: string, koFalse: string): FlagValueDoc[] => [
  val('true', enTrue, koTrue),
  val('false', enFalse, koFalse),
];

// ---------------------------------------------------------------------------
// Shared pitfalls
// ---------------------------------------------------------------------------

const execNoExpansion = (instr: string): Localized =>
  l(
    `The exec (JSON) form runs no shell, so variables are not expanded: \`${instr} ["echo", "$HOME"]\` passes the literal text \`$HOME\`. Use the shell form, or run a shell yourself: \`${instr} ["sh", "-c", "echo $HOME"]\`.`,
    `exec(JSON) 형식은 셸을 거치지 않으므로 변수가 확장되지 않습니다. \`${instr} ["echo", "$HOME"]\`은 \`$HOME\`이라는 글자를 그대로 넘깁니다. shell 형식을 쓰거나 \`${instr} ["sh", "-c", "echo $HOME"]\`처럼 셸을 직접 실행하세요.`,
  );
const onlyLastCounts = (instr: string): Localized =>
  l(
    `Only the last \`${instr}\` in a stage takes effect; earlier ones are ignored (build check MultipleInstructionsDisallowed).`,
    `한 스테이지에서는 마지막 \`${instr}\`만 적용되고 앞의 것은 무시됩니다(빌드 체크 MultipleInstructionsDisallowed).`,
  );
const entrypointResetsCmd = l(
  'Setting `ENTRYPOINT` resets a `CMD` inherited from the base image to empty; define `CMD` again in your image if you need it.',
  '`ENTRYPOINT`를 지정하면 베이스 이미지에서 상속한 `CMD`가 빈 값으로 초기화됩니다. 필요하다면 이미지에서 `CMD`를 다시 정의하세요.',
);
const argBeforeFrom = l(
  'An `ARG` declared before the first `FROM` is only visible in `FROM` lines. To use it inside a stage, redeclare it there without a value (`ARG VERSION`), which picks up the global default.',
  '첫 `FROM` 앞에 선언한 `ARG`는 `FROM` 줄에서만 보입니다. 스테이지 안에서 쓰려면 그 스테이지에서 값 없이 다시 선언하세요(`ARG VERSION`). 그러면 전역 기본값을 이어받습니다.',
);
const noSecretsInArgEnv = (instr: string, where: Localized): Localized =>
  l(
    `Don't pass secrets (tokens, passwords, keys) through \`${instr}\`: ${where.en} Use \`RUN --mount=type=secret\` instead (build check SecretsUsedInArgOrEnv).`,
    `토큰, 비밀번호, 키 같은 시크릿을 \`${instr}\`로 넘기지 마세요. ${where.ko} 대신 \`RUN --mount=type=secret\`을 쓰세요(빌드 체크 SecretsUsedInArgOrEnv).`,
  );

// ---------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------

const mountFlag: FlagDoc = {
  name: 'mount',
  syntax: '--mount=[type=<bind|cache|tmpfs|secret|ssh>][,<option>=<value>...]',
  summary: l(
    'Creates a filesystem mount that exists only while this `RUN` step runs: bind mounts of the build context or other stages, persistent caches for package managers, a tmpfs, build secrets and SSH agent sockets. Nothing mounted is committed to the image layer. Can be given several times; the default type is `bind`.',
    '이 `RUN` 단계가 실행되는 동안에만 존재하는 파일시스템 마운트를 만듭니다. 빌드 컨텍스트나 다른 스테이지의 바인드 마운트, 패키지 매니저용 영구 캐시, tmpfs, 빌드 시크릿, SSH 에이전트 소켓을 마운트할 수 있으며, 마운트한 내용은 이미지 레이어에 커밋되지 않습니다. 여러 번 지정할 수 있고 기본 타입은 `bind`입니다.',
  ),
  values: [
    val('type=bind,source=<path>,target=<path>', 'Bind-mount a path of the build context (or of `from=`), read-only.', '빌드 컨텍스트(또는 `from=`으로 지정한 소스)의 경로를 읽기 전용으로 바인드 마운트합니다.'),
    val('type=cache,target=<path>', 'Persistent cache directory, e.g. for apt, npm, pip or Go build caches.', 'apt, npm, pip, Go 빌드 캐시 등에 쓰는 영구 캐시 디렉터리입니다.'),
    val('type=tmpfs,target=<path>', 'An in-memory tmpfs mount.', '메모리 기반 tmpfs를 마운트합니다.'),
    val('type=secret,id=<id>', 'A build secret passed with `--secret id=<id>`, mounted at `/run/secrets/<id>`.', '`--secret id=<id>`로 전달한 빌드 시크릿을 `/run/secrets/<id>`에 마운트합니다.'),
    val('type=secret,id=<id>,env=<NAME>', 'A build secret exposed as the environment variable `<NAME>`.', '빌드 시크릿을 환경 변수 `<NAME>`으로 노출합니다.'),
    val('type=ssh', 'The SSH agent socket or keys passed with `--ssh default`.', '`--ssh default`로 전달한 SSH 에이전트 소켓이나 키를 쓸 수 있게 합니다.'),
  ],
  mountTypes: [
    {
      type: 'bind',
      summary: l(
        'Bind-mounts files or directories from the build context, a build stage, a named context or an image. Read-only by default. This is the default type.',
        '빌드 컨텍스트, 빌드 스테이지, 이름 있는 컨텍스트(named context), 이미지의 파일이나 디렉터리를 바인드 마운트합니다. 기본적으로 읽기 전용이며, 타입을 생략하면 이 타입이 쓰입니다.',
      ),
      options: [
        ...targetOptions('Mount path inside the build container (required).', '빌드 컨테이너 안의 마운트 경로입니다(필수).'),
        opt('source', 'source=<path>', 'Source path inside `from`. Defaults to the root of `from`.', '`from` 안의 소스 경로입니다. 기본값은 `from`의 루트입니다.'),
        alias('src', 'source', 'src=<path>'),
        opt('from', 'from=<stage|context|image>', 'Build stage, named context or image used as the root of the source. Defaults to the build context.', '소스의 루트로 쓸 빌드 스테이지, 이름 있는 컨텍스트 또는 이미지입니다. 기본값은 빌드 컨텍스트입니다.'),
        opt('rw', 'rw[=true]', 'Allow writes on the mount. Written data is discarded when the `RUN` step completes and is not committed to the layer.', '마운트에 쓰기를 허용합니다. 기록한 데이터는 `RUN` 단계가 끝나면 버려지며 레이어에 커밋되지 않습니다.'),
        alias('readwrite', 'rw', 'readwrite[=true]'),
      ],
    },
    {
      type: 'cache',
      summary: l(
        'A persistent cache directory for compilers and package managers. Its contents survive between builds without invalidating the instruction cache, but another build may overwrite them or garbage collection may remove them, so the build must work with any contents.',
        '컴파일러와 패키지 매니저를 위한 영구 캐시 디렉터리입니다. 내용은 명령 캐시를 무효화하지 않으면서 빌드 사이에 유지되지만, 다른 빌드가 덮어쓰거나 GC가 지울 수 있으므로 캐시 내용이 어떻든 빌드가 동작해야 합니다.',
      ),
      options: [
        opt('id', 'id=<id>', 'Optional ID that separates different caches. Defaults to the value of `target`.', '서로 다른 캐시를 구분하는 ID입니다(선택). 기본값은 `target` 값입니다.'),
        ...targetOptions('Mount path (required).', '마운트 경로입니다(필수).'),
        opt('ro', 'ro[=true]', 'Mount the cache read-only.', '캐시를 읽기 전용으로 마운트합니다.'),
        alias('readonly', 'ro', 'readonly[=true]'),
        opt(
          'sharing',
          'sharing=<shared|private|locked>',
          '`shared` (default) lets several writers use the cache at the same time; `private` creates a new cache if there are multiple writers; `locked` pauses the second writer until the first releases the mount (use it for apt).',
          '`shared`(기본값)는 여러 빌드가 동시에 캐시에 쓸 수 있게 하고, `private`은 쓰는 빌드가 여럿이면 새 캐시를 만들며, `locked`는 앞선 빌드가 마운트를 놓을 때까지 다음 빌드를 기다리게 합니다(apt에는 `locked`를 쓰세요).',
        ),
        opt('from', 'from=<stage|context|image>', 'Build stage, named context or image used as the base of the cache. Defaults to an empty directory.', '캐시의 초기 내용으로 쓸 빌드 스테이지, 이름 있는 컨텍스트 또는 이미지입니다. 기본값은 빈 디렉터리입니다.'),
        opt('source', 'source=<path>', 'Subpath of `from` to mount. Defaults to the root of `from`.', '마운트할 `from`의 하위 경로입니다. 기본값은 `from`의 루트입니다.'),
        alias('src', 'source', 'src=<path>'),
        ...idOwnerOptions({ en: 'new cache directory', ko: '새로 만드는 캐시 디렉터리' }, '0755'),
      ],
    },
    {
      type: 'tmpfs',
      summary: l('Mounts a tmpfs (an in-memory filesystem) in the build container.', '빌드 컨테이너에 tmpfs(메모리 기반 파일시스템)를 마운트합니다.'),
      options: [
        ...targetOptions('Mount path (required).', '마운트 경로입니다(필수).'),
        opt('size', 'size=<bytes>', 'Upper limit on the size of the filesystem, e.g. `size=512m`.', '파일시스템 크기의 상한입니다(예: `size=512m`).'),
      ],
    },
    {
      type: 'secret',
      summary: l(
        'Gives the step access to a secret (a token, private key or credentials file) passed with `docker build --secret`, without baking it into the image or the build cache. Mounted as a file at `/run/secrets/<id>` by default, or exposed as an environment variable with `env=`.',
        '`docker build --secret`으로 전달한 시크릿(토큰, 개인 키, 인증 정보 파일)을 이미지나 빌드 캐시에 남기지 않고 이 단계에서만 쓸 수 있게 합니다. 기본적으로 `/run/secrets/<id>` 파일로 마운트되며, `env=`를 지정하면 환경 변수로 노출됩니다.',
      ),
      options: [
        opt('id', 'id=<id>', 'ID of the secret (the `id` given to `--secret`). Defaults to the base name of `target`.', '시크릿의 ID(`--secret`에 준 `id`)입니다. 기본값은 `target` 경로의 파일 이름입니다.'),
        ...targetOptions(
          'Mount the secret file at this path. Defaults to `/run/secrets/<id>` when neither `target` nor `env` is set.',
          '시크릿 파일을 이 경로에 마운트합니다. `target`과 `env`를 모두 지정하지 않으면 `/run/secrets/<id>`가 쓰입니다.',
        ),
        opt(
          'env',
          'env=<NAME>',
          'Expose the secret as the environment variable `<NAME>` instead of a file, or as both when `target` is also set (Dockerfile 1.10+).',
          '시크릿을 파일 대신 환경 변수 `<NAME>`으로 노출합니다. `target`도 지정하면 파일과 환경 변수 둘 다로 제공됩니다(Dockerfile 1.10 이상).',
        ),
        opt('required', 'required[=true]', 'If `true`, the step fails when the secret is not provided. Default `false`.', '`true`이면 시크릿이 제공되지 않았을 때 단계가 실패합니다. 기본값은 `false`입니다.'),
        ...idOwnerOptions({ en: 'secret file', ko: '시크릿 파일' }, '0400'),
        opt('source', 'source=<id>', 'Accepted by BuildKit in place of `id` (the two cannot be combined); prefer `id`.', 'BuildKit이 `id` 대신 받아들이는 키입니다(`id`와 함께 쓸 수 없음). `id`를 쓰는 편이 좋습니다.'),
        alias('src', 'source', 'src=<id>'),
      ],
    },
    {
      type: 'ssh',
      summary: l(
        'Forwards an SSH agent socket or keys passed with `docker build --ssh`, so the step can, for example, clone private Git repositories without copying keys into the image.',
        '`docker build --ssh`로 전달한 SSH 에이전트 소켓이나 키를 이 단계에 제공합니다. 덕분에 키를 이미지에 복사하지 않고도 비공개 Git 저장소를 클론하는 등의 작업을 할 수 있습니다.',
      ),
      options: [
        opt('id', 'id=<id>', 'ID of the SSH agent socket or key. Default `default`.', 'SSH 에이전트 소켓이나 키의 ID입니다. 기본값은 `default`입니다.'),
        ...targetOptions('Path of the SSH agent socket. Defaults to `/run/buildkit/ssh_agent.${N}`.', 'SSH 에이전트 소켓 경로입니다. 기본값은 `/run/buildkit/ssh_agent.${N}`입니다.'),
        opt('required', 'required[=true]', 'If `true`, the step fails when the key is not available. Default `false`.', '`true`이면 키를 쓸 수 없을 때 단계가 실패합니다. 기본값은 `false`입니다.'),
        ...idOwnerOptions({ en: 'socket', ko: '소켓' }, '0600'),
      ],
    },
  ],
  repeatable: true,
  since: 'docker/dockerfile:1.2',
  reference: ref('run---mount'),
};

const networkFlag: FlagDoc = {
  name: 'network',
  syntax: '--network=<default|none|host>',
  summary: l(
    'Selects the network the command runs in: `default` (same as no flag), `none` (no network access; only an isolated loopback) or `host` (the host network, which needs the `network.host` entitlement).',
    '명령이 실행될 네트워크를 고릅니다. `default`(플래그를 생략한 것과 같음), `none`(네트워크 없음, 격리된 루프백만 사용 가능), `host`(호스트 네트워크, `network.host` 권한(entitlement) 필요) 중 하나입니다.',
  ),
  values: [
    val('default', 'Run in the default network of the build.', '빌드의 기본 네트워크에서 실행합니다.'),
    val('none', 'No network access (`lo` is still available, isolated to this process). Useful to prove a step needs no downloads.', '네트워크 없이 실행합니다(`lo`는 이 프로세스에 격리된 채로 쓸 수 있음). 단계가 외부 다운로드 없이 동작하는지 확인할 때 유용합니다.'),
    val('host', "Run in the host's network. Needs `--allow-insecure-entitlement network.host` on the builder and `--allow network.host` on the build.", '호스트 네트워크에서 실행합니다. 빌더에 `--allow-insecure-entitlement network.host`, 빌드에 `--allow network.host`가 필요합니다.'),
  ],
  since: 'docker/dockerfile:1.3',
  reference: ref('run---network'),
};

const securityFlag: FlagDoc = {
  name: 'security',
  syntax: '--security=<sandbox|insecure>',
  summary: l(
    '`insecure` runs the command without the sandbox, like `docker run --privileged` (for flows that need elevated privileges). It needs the `security.insecure` entitlement on the builder and `--allow security.insecure` on the build. `sandbox` is the default.',
    '`insecure`는 `docker run --privileged`처럼 샌드박스 없이 명령을 실행합니다(높은 권한이 필요한 작업용). 빌더에서 `security.insecure` 권한(entitlement)을 허용하고 빌드에 `--allow security.insecure`를 주어야 합니다. 기본값은 `sandbox`입니다.',
  ),
  values: [
    val('sandbox', 'Default sandboxed mode (specifying it is a no-op).', '기본 샌드박스 모드입니다(지정해도 달라지는 것은 없음).'),
    val('insecure', 'Run without the sandbox, with elevated privileges.', '샌드박스 없이 높은 권한으로 실행합니다.'),
  ],
  since: 'docker/dockerfile:1.20 (earlier only in docker/dockerfile:1-labs)',
  reference: ref('run---security'),
};

const deviceFlag: FlagDoc = {
  name: 'device',
  syntax: '--device=<name>[,required]',
  summary: l(
    'Requests a CDI device for this step, e.g. `nvidia.com/gpu=all`, a vendor (`vendor.com/device`), one device (`vendor.com/device=foo`) or a device class. Needs BuildKit 0.20 or later and the `device` entitlement.',
    '이 단계에 CDI 장치를 요청합니다. `nvidia.com/gpu=all`처럼 벤더 전체(`vendor.com/device`), 특정 장치(`vendor.com/device=foo`), 장치 클래스를 지정할 수 있습니다. BuildKit 0.20 이상과 `device` 권한(entitlement)이 필요합니다.',
  ),
  values: [val('nvidia.com/gpu=all', 'All NVIDIA GPUs registered through CDI.', 'CDI로 등록된 모든 NVIDIA GPU입니다.')],
  repeatable: true,
  since: 'docker/dockerfile:1.14-labs, BuildKit 0.20',
  reference: ref('run---device'),
};

const platformFlag: FlagDoc = {
  name: 'platform',
  syntax: '--platform=<platform>',
  summary: l(
    'Platform to pick from a multi-platform base image, e.g. `linux/arm64`. Defaults to the target platform of the build. Use `--platform=$BUILDPLATFORM` to run a stage natively and cross-compile for `$TARGETPLATFORM`.',
    '멀티 플랫폼 베이스 이미지에서 고를 플랫폼입니다(예: `linux/arm64`). 기본값은 빌드의 대상 플랫폼입니다. 스테이지를 빌드 머신에서 네이티브로 실행하며 `$TARGETPLATFORM`용으로 크로스 컴파일하려면 `--platform=$BUILDPLATFORM`을 쓰세요.',
  ),
  values: [
    val('$BUILDPLATFORM', 'Native platform of the builder; for stages that cross-compile.', '빌더의 네이티브 플랫폼입니다. 크로스 컴파일하는 스테이지에 씁니다.'),
    val('$TARGETPLATFORM', 'The target platform. Redundant: it is already the default (build check RedundantTargetPlatform).', '대상 플랫폼입니다. 이미 기본값이므로 지정할 필요가 없습니다(빌드 체크 RedundantTargetPlatform).'),
    val('linux/amd64', 'A constant platform pins the stage to it and prevents multi-platform builds (build check FromPlatformFlagConstDisallowed).', '상수 플랫폼은 스테이지를 그 플랫폼에 고정해 멀티 플랫폼 빌드를 막습니다(빌드 체크 FromPlatformFlagConstDisallowed).'),
    val('linux/arm64', 'A constant platform pins the stage to it and prevents multi-platform builds (build check FromPlatformFlagConstDisallowed).', '상수 플랫폼은 스테이지를 그 플랫폼에 고정해 멀티 플랫폼 빌드를 막습니다(빌드 체크 FromPlatformFlagConstDisallowed).'),
  ],
  reference: ref('from'),
};

/** COPY and ADD share these; only the reference anchor differs. */
const chownFlag = (instr: 'copy' | 'add'): FlagDoc => ({
  name: 'chown',
  syntax: '--chown=<user>[:<group>]',
  summary: l(
    'Sets the owner of the copied files, by name or numeric ID; with only a user, the GID gets the same numeric value as the UID. Without it, files are owned by UID and GID 0. Names are resolved from `/etc/passwd` and `/etc/group` of the stage, so with `--link` only numeric IDs work. Not supported for Windows containers.',
    '복사한 파일의 소유자를 이름이나 숫자 ID로 지정합니다. 사용자만 주면 GID는 UID와 같은 숫자가 됩니다. 지정하지 않으면 UID와 GID가 0인 파일이 됩니다. 이름은 스테이지의 `/etc/passwd`와 `/etc/group`에서 찾기 때문에 `--link`와 함께 쓸 때는 숫자 ID만 쓸 수 있습니다. Windows 컨테이너에서는 지원되지 않습니다.',
  ),
  values: [
    val('<user>:<group>', 'User and group names; they must exist in the stage.', '사용자와 그룹 이름입니다. 스테이지 안에 존재해야 합니다.'),
    val('1000:1000', 'Numeric UID:GID; needs no lookup.', '숫자 UID:GID입니다. 이름 조회가 필요 없습니다.'),
  ],
  reference: ref(`${instr}---chown`),
});

const chmodFlag = (instr: 'copy' | 'add'): FlagDoc => ({
  name: 'chmod',
  syntax: '--chmod=<perms>',
  summary: l(
    'Sets the permissions of the copied files, in octal (`755`, `644`) or, since Dockerfile 1.14, symbolic notation (`+x`, `u=rwX,go=rX`). Not supported for Windows containers.',
    '복사한 파일의 권한을 8진수(`755`, `644`)로, 또는 Dockerfile 1.14부터는 심볼릭 표기(`+x`, `u=rwX,go=rX`)로 지정합니다. Windows 컨테이너에서는 지원되지 않습니다.',
  ),
  values: [
    val('755', 'rwxr-xr-x: executables and directories.', 'rwxr-xr-x: 실행 파일과 디렉터리용입니다.'),
    val('644', 'rw-r--r--: regular files.', 'rw-r--r--: 일반 파일용입니다.'),
    val('+x', 'Add the executable bit (symbolic, Dockerfile 1.14+).', '실행 비트를 추가합니다(심볼릭 표기, Dockerfile 1.14 이상).'),
    val('u=rwX,go=rX', 'Directories 755, files 644, keeping existing executable bits (Dockerfile 1.14+).', '디렉터리는 755, 파일은 644로 하되 기존 실행 비트는 유지합니다(Dockerfile 1.14 이상).'),
  ],
  since: 'docker/dockerfile:1.2',
  reference: ref(`${instr}---chmod`),
});

const linkFlag = (instr: 'copy' | 'add'): FlagDoc => ({
  name: 'link',
  syntax: '--link[=<boolean>]',
  summary: l(
    'Copies the files into an empty directory that becomes an independent layer linked on top of the previous state. The layer is not invalidated when earlier layers change, and images can be rebased on an updated base without rebuilding. The copy cannot read the previous state, so it does not follow symlinks in the destination path.',
    '파일을 빈 디렉터리에 복사해 독립된 레이어로 만든 뒤 이전 상태 위에 연결합니다. 앞선 레이어가 바뀌어도 이 레이어의 캐시는 무효화되지 않고, 베이스 이미지가 업데이트되면 다시 빌드하지 않고 그 위로 옮길(rebase) 수 있습니다. 대신 이전 상태를 읽을 수 없으므로 대상 경로의 심볼릭 링크를 따라가지 않습니다.',
  ),
  values: boolValues('Enable linked copying.', 'link 방식 복사를 켭니다.', 'Default: copy on top of the previous state.', '기본값: 이전 상태 위에 바로 복사합니다.'),
  since: 'docker/dockerfile:1.4',
  reference: ref(`${instr}---link`),
});

const excludeFlag = (instr: 'copy' | 'add'): FlagDoc => ({
  name: 'exclude',
  syntax: '--exclude=<path>',
  summary: l(
    'Leaves out files that match the pattern, with the same wildcard rules as the sources (Go `filepath.Match`). Can be given several times.',
    '패턴과 일치하는 파일을 제외합니다. 와일드카드 규칙은 소스와 같습니다(Go `filepath.Match`). 여러 번 지정할 수 있습니다.',
  ),
  values: [val('*.md', 'Example: skip Markdown files.', '예: Markdown 파일을 제외합니다.')],
  repeatable: true,
  since: 'docker/dockerfile:1.19 (earlier only in docker/dockerfile:1.7-labs)',
  reference: ref(`${instr}---exclude`),
});

const fromFlag: FlagDoc = {
  name: 'from',
  syntax: '--from=<stage|image|context>',
  summary: l(
    'Copies from a build stage (by name or index), an image, or a named context (`docker build --build-context <name>=<source>`) instead of the build context. Source paths are resolved from the root of that filesystem.',
    '빌드 컨텍스트 대신 빌드 스테이지(이름 또는 인덱스), 이미지, 이름 있는 컨텍스트(`docker build --build-context <name>=<source>`)에서 복사합니다. 소스 경로는 그 파일시스템의 루트를 기준으로 해석됩니다.',
  ),
  reference: ref('copy---from'),
};

const parentsFlag: FlagDoc = {
  name: 'parents',
  syntax: '--parents[=<boolean>]',
  summary: l(
    'Preserves the parent directories of each source, like `cp --parents` or `rsync --relative`. A `./` inside a source path marks where preserving starts, and `**` matches any number of directories. Default `false`.',
    '`cp --parents`나 `rsync --relative`처럼 각 소스의 상위 디렉터리 구조를 유지합니다. 소스 경로 안의 `./`는 유지를 시작할 위치를 나타내고, `**`는 임의 깊이의 디렉터리와 일치합니다. 기본값은 `false`입니다.',
  ),
  values: boolValues('Keep parent directories.', '상위 디렉터리를 유지합니다.', 'Default: copy matched files directly into the destination.', '기본값: 일치한 파일을 대상 경로에 바로 복사합니다.'),
  since: 'docker/dockerfile:1.20 (earlier only in docker/dockerfile:1.7-labs)',
  reference: ref('copy---parents'),
};

const keepGitDirFlag: FlagDoc = {
  name: 'keep-git-dir',
  syntax: '--keep-git-dir[=<boolean>]',
  summary: l(
    'When the source is a Git repository, keeps its `.git` directory, which is left out by default.',
    '소스가 Git 저장소일 때 `.git` 디렉터리를 유지합니다. 기본적으로는 제외됩니다.',
  ),
  values: boolValues('Keep `.git`.', '`.git`을 유지합니다.', 'Default: leave `.git` out.', '기본값: `.git`을 제외합니다.'),
  since: 'docker/dockerfile:1.1',
  reference: ref('add---keep-git-dir'),
};

const checksumFlag: FlagDoc = {
  name: 'checksum',
  syntax: '--checksum=<hash>',
  summary: l(
    'Verifies a remote source: `sha256:<hex>` for an HTTP(S) file (SHA-256 is the only supported algorithm), or a commit SHA (full or a prefix) for a Git source. The build fails on a mismatch.',
    '원격 소스를 검증합니다. HTTP(S) 파일은 `sha256:<hex>` 형식(SHA-256만 지원), Git 소스는 커밋 SHA(전체 또는 앞부분)를 씁니다. 일치하지 않으면 빌드가 실패합니다.',
  ),
  values: [val('sha256:<hash>', 'SHA-256 digest of the downloaded file.', '내려받은 파일의 SHA-256 다이제스트입니다.')],
  since: 'docker/dockerfile:1.6',
  reference: ref('add---checksum'),
};

const unpackFlag: FlagDoc = {
  name: 'unpack',
  syntax: '--unpack[=<boolean>]',
  summary: l(
    'Controls whether tar archives (uncompressed, gzip, bzip2, xz or zstd) are extracted. Local archives are unpacked by default and remote ones (URLs) are not; `--unpack=true` extracts a downloaded archive, `--unpack=false` adds a local archive as a file.',
    'tar 아카이브(비압축, gzip, bzip2, xz, zstd)를 풀지 여부를 정합니다. 로컬 아카이브는 기본적으로 풀리고 원격(URL) 아카이브는 풀리지 않습니다. `--unpack=true`는 내려받은 아카이브를 풀고, `--unpack=false`는 로컬 아카이브를 파일 그대로 추가합니다.',
  ),
  values: boolValues('Extract the archive (also for URLs).', '아카이브를 풉니다(URL도 포함).', 'Add the archive file as is.', '아카이브 파일을 그대로 추가합니다.'),
  since: 'docker/dockerfile:1.17',
  reference: ref('add---unpack'),
};

const healthDuration = (name: string, def: string, en: string, ko: string, since?: string): FlagDoc => ({
  name,
  syntax: `--${name}=<duration>`,
  summary: l(`${en} Default: \`${def}\`.`, `${ko} 기본값은 \`${def}\`입니다.`),
  values: [val(def, `The default, \`${def}\`.`, `기본값 \`${def}\`입니다.`)],
  ...(since ? { since } : {}),
  reference: ref('healthcheck'),
});

const healthcheckFlags: FlagDoc[] = [
  healthDuration(
    'interval',
    '30s',
    'Time between checks: the first check runs this long after the container starts, and each next one this long after the previous check completes.',
    '검사 간격입니다. 컨테이너가 시작되고 이 시간이 지나면 첫 검사가 실행되고, 이후에는 이전 검사가 끝나고 이 시간이 지날 때마다 실행됩니다.',
  ),
  healthDuration(
    'timeout',
    '30s',
    'A single check that runs longer than this is killed with SIGKILL and counts as failed.',
    '한 번의 검사가 이 시간보다 오래 걸리면 SIGKILL로 중단되고 실패로 처리됩니다.',
  ),
  healthDuration(
    'start-period',
    '0s',
    'Start-up grace period: failures during it do not count towards `--retries`, but a successful check ends it and from then on failures count.',
    '시작 유예 기간입니다. 이 기간의 실패는 `--retries`에 포함되지 않지만, 검사가 한 번 성공하면 유예가 끝나고 그 뒤의 실패는 모두 집계됩니다.',
  ),
  healthDuration(
    'start-interval',
    '5s',
    'Time between checks during the start period. Needs Docker Engine 25.0 or later.',
    '시작 유예 기간 동안의 검사 간격입니다. Docker Engine 25.0 이상이 필요합니다.',
    'Docker Engine 25.0',
  ),
  {
    name: 'retries',
    syntax: '--retries=<n>',
    summary: l(
      'Number of consecutive failures after which the container is considered `unhealthy`. Default: `3`.',
      '컨테이너를 `unhealthy`로 판정하기까지 필요한 연속 실패 횟수입니다. 기본값은 `3`입니다.',
    ),
    values: [val('3', 'The default, `3`.', '기본값 `3`입니다.')],
    reference: ref('healthcheck'),
  },
];

// ---------------------------------------------------------------------------
// Instructions
// ---------------------------------------------------------------------------

const shellForm = l('Shell form', 'shell 형식');
const execForm = l('Exec form', 'exec 형식');

export const INSTRUCTION_DOCS: readonly InstructionDoc[] = [
  {
    name: 'FROM',
    summary: l(
      'Starts a new build stage and sets its base image. A Dockerfile must begin with `FROM`; only parser directives, comments and global `ARG`s may come before it. `FROM` can appear several times (multi-stage builds), and `AS <name>` names a stage so that later `FROM`, `COPY --from` and `RUN --mount=from=` can refer to it.',
      '새 빌드 스테이지를 시작하고 베이스 이미지를 지정합니다. Dockerfile은 `FROM`으로 시작해야 하며, 그 앞에는 파서 지시어, 주석, 전역 `ARG`만 올 수 있습니다. `FROM`은 여러 번 쓸 수 있고(멀티 스테이지 빌드), `AS <name>`으로 스테이지에 이름을 붙이면 이후의 `FROM`, `COPY --from`, `RUN --mount=from=`에서 참조할 수 있습니다.',
    ),
    forms: [
      { label: l('Image', '이미지'), syntax: 'FROM [--platform=<platform>] <image> [AS <name>]' },
      { label: l('Image with a tag', '태그를 붙인 이미지'), syntax: 'FROM [--platform=<platform>] <image>[:<tag>] [AS <name>]' },
      { label: l('Image pinned by digest', '다이제스트로 고정한 이미지'), syntax: 'FROM [--platform=<platform>] <image>[@<digest>] [AS <name>]' },
    ],
    pitfalls: [
      argBeforeFrom,
      l(
        'Without a tag or digest the builder uses `latest`, which points to different images over time. Pin a version tag, or a digest for fully reproducible builds.',
        '태그나 다이제스트를 생략하면 `latest`가 쓰이는데, 이 태그는 시간이 지나면 다른 이미지를 가리킵니다. 버전 태그를 고정하고, 완전히 재현 가능한 빌드가 필요하면 다이제스트를 지정하세요.',
      ),
      l(
        'Each `FROM` starts from a clean state. Files, `ENV`, `WORKDIR` and `USER` of an earlier stage carry over only when you build `FROM` that stage; otherwise copy what you need with `COPY --from`.',
        '`FROM`마다 상태가 새로 시작됩니다. 앞 스테이지의 파일, `ENV`, `WORKDIR`, `USER`는 그 스테이지를 `FROM`으로 이어받을 때만 유지되며, 그렇지 않으면 필요한 것을 `COPY --from`으로 복사해야 합니다.',
      ),
      l(
        'A constant `--platform=linux/amd64` pins the stage to one platform and prevents multi-platform builds (build check FromPlatformFlagConstDisallowed); `--platform=$TARGETPLATFORM` is redundant because it is the default. Use `--platform=$BUILDPLATFORM` for stages that cross-compile.',
        '`--platform=linux/amd64`처럼 상수를 쓰면 스테이지가 한 플랫폼에 고정되어 멀티 플랫폼 빌드를 할 수 없습니다(빌드 체크 FromPlatformFlagConstDisallowed). `--platform=$TARGETPLATFORM`은 기본값이라 쓸 필요가 없습니다. 크로스 컴파일하는 스테이지에는 `--platform=$BUILDPLATFORM`을 쓰세요.',
      ),
      l(
        'Stage names are case-insensitive and lower-cased, must start with a letter, and should be written in lower case (build check StageNameCasing). The `AS` keyword should match the case of `FROM` (FromAsCasing).',
        '스테이지 이름은 대소문자를 구분하지 않고 소문자로 처리되며, 문자로 시작해야 합니다. 이름은 소문자로 쓰는 것이 좋습니다(빌드 체크 StageNameCasing). `AS` 키워드는 `FROM`과 대소문자를 맞추세요(FromAsCasing).',
      ),
    ],
    example: lines(
      'ARG GO_VERSION=1.27',
      'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build',
      'ARG TARGETOS TARGETARCH',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .',
      '',
      'FROM gcr.io/distroless/static-debian12',
      'COPY --from=build /out/app /app',
    ),
    flags: [platformFlag],
    reference: ref('from'),
  },
  {
    name: 'RUN',
    summary: l(
      'Executes a command in a new layer on top of the current image and commits the result. The shell form runs under the default shell (`/bin/sh -c` on Linux, `cmd /S /C` on Windows, or the one set with `SHELL`); the exec form runs the executable directly. Heredocs (`RUN <<EOF`) are supported.',
      '현재 이미지 위의 새 레이어에서 명령을 실행하고 결과를 커밋합니다. shell 형식은 기본 셸(Linux는 `/bin/sh -c`, Windows는 `cmd /S /C`, 또는 `SHELL`로 지정한 셸)에서 실행되고, exec 형식은 실행 파일을 직접 실행합니다. heredoc(`RUN <<EOF`)도 쓸 수 있습니다.',
    ),
    forms: [
      { label: shellForm, syntax: 'RUN [OPTIONS] <command> ...' },
      { label: execForm, syntax: 'RUN [OPTIONS] ["<command>", "<param>", ...]' },
      { label: l('Heredoc', 'heredoc 형식'), syntax: lines('RUN [OPTIONS] <<EOF', '<commands>', 'EOF') },
    ],
    pitfalls: [
      execNoExpansion('RUN'),
      l(
        '`RUN apt-get update` on a line of its own is cached, so a later or changed `RUN apt-get install` can use a stale package index and fail or install outdated packages. Run `apt-get update && apt-get install -y ...` in the same `RUN`.',
        '`RUN apt-get update`를 별도 줄에 두면 그 결과가 캐시되어, 나중에 추가하거나 바꾼 `RUN apt-get install`이 오래된 패키지 인덱스를 쓰게 되고 설치가 실패하거나 옛 버전이 설치됩니다. `apt-get update && apt-get install -y ...`를 같은 `RUN`에서 실행하세요.',
      ),
      l(
        'Every `RUN` adds a layer. Deleting files in a later layer only hides them; the image does not get smaller. Download, use and clean up in the same `RUN`, or use a multi-stage build or a cache mount.',
        '`RUN`마다 레이어가 하나씩 추가됩니다. 나중 레이어에서 파일을 지우면 보이지 않게 될 뿐 이미지 크기는 줄지 않습니다. 내려받기, 사용, 정리를 같은 `RUN`에서 끝내거나 멀티 스테이지 빌드나 캐시 마운트를 쓰세요.',
      ),
      l(
        'The cache of a `RUN` depends on its command text and the layers before it, not on what the command fetches: `RUN apt-get upgrade -y` or `RUN git clone ...` is reused until the line or an earlier layer changes. Build with `--no-cache` to refresh.',
        '`RUN`의 캐시는 명령이 가져오는 내용이 아니라 명령 문자열과 앞선 레이어에 따라 결정됩니다. `RUN apt-get upgrade -y`나 `RUN git clone ...`도 그 줄이나 앞선 레이어가 바뀌기 전까지는 캐시가 재사용됩니다. 새로 받으려면 `--no-cache`로 빌드하세요.',
      ),
      l(
        'Under the default `/bin/sh -c`, a pipeline returns the status of its last command, so `curl ... | tar -x` succeeds even if `curl` fails. Use `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (or `set -o pipefail` where the shell supports it).',
        '기본 셸 `/bin/sh -c`에서는 파이프라인의 종료 코드가 마지막 명령의 것이므로 `curl`이 실패해도 `curl ... | tar -x`는 성공합니다. `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`를 쓰세요(셸이 지원하면 `set -o pipefail`도 됩니다).',
      ),
      l(
        'Secrets passed through `ARG` or `ENV` end up in the image metadata or history. Mount them only for the step that needs them with `--mount=type=secret`.',
        '`ARG`나 `ENV`로 넘긴 시크릿은 이미지 메타데이터나 히스토리에 남습니다. 필요한 단계에서만 `--mount=type=secret`으로 마운트하세요.',
      ),
    ],
    example: lines(
      '# syntax=docker/dockerfile:1',
      'FROM debian:bookworm-slim',
      'RUN apt-get update \\',
      ' && apt-get install -y --no-install-recommends ca-certificates curl \\',
      ' && rm -rf /var/lib/apt/lists/*',
      '',
      'FROM golang:1.27 AS build',
      'WORKDIR /src',
      'RUN --mount=type=cache,target=/go/pkg/mod \\',
      '    --mount=type=cache,target=/root/.cache/go-build \\',
      '    --mount=type=bind,target=. \\',
      '    go build -o /out/app .',
    ),
    flags: [mountFlag, networkFlag, securityFlag, deviceFlag],
    reference: ref('run'),
  },
  {
    name: 'CMD',
    summary: l(
      'Sets the default command of a container started from the image, or, in exec form without an executable, the default arguments for `ENTRYPOINT`. Nothing runs at build time. Arguments given to `docker run <image> ...` replace `CMD`.',
      '이미지로 시작한 컨테이너의 기본 명령을 지정합니다. 실행 파일 없이 exec 형식으로 쓰면 `ENTRYPOINT`의 기본 인자가 됩니다. 빌드 시점에는 아무것도 실행되지 않으며, `docker run <image> ...`에 인자를 주면 `CMD`가 대체됩니다.',
    ),
    forms: [
      { label: execForm, syntax: 'CMD ["executable", "param1", "param2"]' },
      { label: l('Exec form, default parameters for ENTRYPOINT', 'exec 형식, ENTRYPOINT의 기본 인자'), syntax: 'CMD ["param1", "param2"]' },
      { label: shellForm, syntax: 'CMD command param1 param2' },
    ],
    pitfalls: [
      onlyLastCounts('CMD'),
      execNoExpansion('CMD'),
      l(
        'In shell form PID 1 is `/bin/sh -c "<command>"`. For a single simple command (`CMD node server.js`, also with variable assignments or redirections) busybox `sh`, dash 0.5.11+ and bash exec it directly, so it becomes PID 1 and receives `docker stop`\'s signal. For anything else (`a && b`, `a; b`, pipes, `&`, subshells, builtins, and with dash before 0.5.11, e.g. Debian 10, Ubuntu 20.04) the shell stays PID 1 and does not pass signals on: `docker stop` waits for the timeout and then sends SIGKILL. The exec form (build check JSONArgsRecommended) or `exec` before the last command avoids this.',
        'shell 형식에서는 PID 1이 `/bin/sh -c "<command>"`입니다. 단순 명령 하나(`CMD node server.js`, 변수 대입이나 리디렉션이 붙어도 마찬가지)라면 busybox `sh`, dash 0.5.11 이상, bash는 그 명령을 바로 exec하므로 명령이 PID 1이 되어 `docker stop`의 시그널을 받습니다. 그 밖의 경우(`a && b`, `a; b`, 파이프, `&`, 서브셸, 셸 내장 명령, 그리고 0.5.11 이전 dash: Debian 10, Ubuntu 20.04 등)에는 셸이 PID 1로 남고 시그널을 전달하지 않으므로 `docker stop`은 타임아웃까지 기다린 뒤 SIGKILL을 보냅니다. exec 형식(빌드 체크 JSONArgsRecommended)을 쓰거나 마지막 명령 앞에 `exec`를 붙이면 피할 수 있습니다.',
      ),
      l(
        'When `CMD` supplies arguments for an exec-form `ENTRYPOINT`, write it in exec form as well; a shell-form `CMD` is passed to the entrypoint as `/bin/sh -c <command>`.',
        '`CMD`가 exec 형식 `ENTRYPOINT`의 인자를 제공한다면 `CMD`도 exec 형식으로 쓰세요. shell 형식 `CMD`는 `/bin/sh -c <command>` 형태로 엔트리포인트에 전달됩니다.',
      ),
      entrypointResetsCmd,
    ],
    example: 'CMD ["nginx", "-g", "daemon off;"]',
    flags: [],
    reference: ref('cmd'),
  },
  {
    name: 'LABEL',
    summary: l(
      'Adds key-value metadata to the image, for example the OCI `org.opencontainers.image.*` keys. Labels of the base image are inherited, and a later value for the same key overrides an earlier one.',
      '이미지에 키-값 메타데이터를 추가합니다. OCI의 `org.opencontainers.image.*` 키 같은 레이블을 붙일 때 씁니다. 베이스 이미지의 레이블은 상속되며, 같은 키는 나중에 지정한 값이 앞의 값을 덮어씁니다.',
    ),
    forms: [{ label: l('Key-value pairs', '키-값 쌍'), syntax: 'LABEL <key>=<value> [<key>=<value>...]' }],
    pitfalls: [
      l(
        'Quote values with double quotes: inside single quotes `$VAR` is not expanded (`LABEL v=\'$VERSION\'` stores the literal text).',
        '값은 큰따옴표로 감싸세요. 작은따옴표 안에서는 `$VAR`가 확장되지 않습니다(`LABEL v=\'$VERSION\'`은 글자 그대로 저장됩니다).',
      ),
      l(
        'In a multi-stage build, only labels of the stages the final stage is built `FROM` (directly or indirectly) reach the image; labels of stages used only through `COPY --from` or `RUN --mount=from=` do not.',
        '멀티 스테이지 빌드에서는 마지막 스테이지가 (직간접적으로) `FROM`으로 이어받은 스테이지의 레이블만 이미지에 남습니다. `COPY --from`이나 `RUN --mount=from=`으로만 쓴 스테이지의 레이블은 포함되지 않습니다.',
      ),
      l(
        'All labels of the base image are inherited, including ones such as `org.opencontainers.image.version` that no longer describe your image; override them.',
        '베이스 이미지의 레이블은 모두 상속되며, `org.opencontainers.image.version`처럼 더는 내 이미지와 맞지 않는 값도 포함됩니다. 필요하면 덮어쓰세요.',
      ),
    ],
    example: lines(
      'LABEL org.opencontainers.image.title="my-app" \\',
      '      org.opencontainers.image.source="https://github.com/example/my-app" \\',
      '      org.opencontainers.image.licenses="MIT"',
    ),
    flags: [],
    reference: ref('label'),
  },
  {
    name: 'MAINTAINER',
    summary: l(
      'Sets the Author field of the image. Deprecated: use `LABEL org.opencontainers.image.authors="..."` instead.',
      '이미지의 Author 필드를 지정합니다. 더 이상 권장되지 않으므로 대신 `LABEL org.opencontainers.image.authors="..."`를 쓰세요.',
    ),
    forms: [{ label: l('Author name', '작성자 이름'), syntax: 'MAINTAINER <name>' }],
    pitfalls: [
      l(
        '`MAINTAINER` is deprecated in favour of `LABEL org.opencontainers.image.authors`, which is more flexible and visible with `docker inspect` like any other label (build check MaintainerDeprecated).',
        '`MAINTAINER`는 사용 중단(deprecated)되었으며 `LABEL org.opencontainers.image.authors`로 대체해야 합니다. 레이블이 더 유연하고 다른 레이블처럼 `docker inspect`로 확인할 수 있습니다(빌드 체크 MaintainerDeprecated).',
      ),
      l('`MAINTAINER` cannot be used as an `ONBUILD` trigger.', '`MAINTAINER`는 `ONBUILD` 트리거로 쓸 수 없습니다.'),
    ],
    example: lines('# Deprecated:', '# MAINTAINER Jane Doe <jane@example.com>', 'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"'),
    flags: [],
    reference: ref('maintainer-deprecated'),
    deprecated: l(
      'Deprecated: use `LABEL org.opencontainers.image.authors="..."` instead (build check MaintainerDeprecated).',
      '사용 중단됨: 대신 `LABEL org.opencontainers.image.authors="..."`를 쓰세요(빌드 체크 MaintainerDeprecated).',
    ),
  },
  {
    name: 'EXPOSE',
    summary: l(
      'Documents the ports the container listens on at run time, TCP by default or UDP with `/udp`. It does not publish them: `docker run -p` publishes ports, and `-P` publishes all exposed ports on random high host ports.',
      '컨테이너가 실행 중에 수신 대기하는 포트를 문서화합니다. 기본은 TCP이며 `/udp`를 붙이면 UDP입니다. 포트를 실제로 공개(publish)하지는 않습니다. 포트 공개는 `docker run -p`로 하고, `-P`는 노출된 모든 포트를 임의의 높은 호스트 포트에 공개합니다.',
    ),
    forms: [{ label: l('Ports', '포트'), syntax: 'EXPOSE <port>[/<protocol>] [<port>[/<protocol>]...]' }],
    pitfalls: [
      l(
        '`EXPOSE` does not publish the port or open anything on the host; it is documentation (and the list used by `docker run -P`). Publish with `docker run -p <host>:<container>`.',
        '`EXPOSE`는 포트를 공개하거나 호스트에서 무언가를 열지 않습니다. 문서화 용도일 뿐이며(`docker run -P`가 쓰는 목록이기도 함), 포트 공개는 `docker run -p <host>:<container>`로 합니다.',
      ),
      l(
        'Only the container port (or range) and protocol belong here. An IP address or host-port mapping such as `80:80` is wrong (build check ExposeInvalidFormat), and the protocol should be lower case (ExposeProtoCasing).',
        '여기에는 컨테이너 포트(또는 범위)와 프로토콜만 씁니다. `80:80` 같은 IP 주소나 호스트 포트 매핑은 잘못된 형식이며(빌드 체크 ExposeInvalidFormat), 프로토콜은 소문자로 써야 합니다(ExposeProtoCasing).',
      ),
      l(
        'To expose a port on both TCP and UDP, list it twice: `EXPOSE 53/tcp 53/udp`.',
        '같은 포트를 TCP와 UDP 모두로 노출하려면 `EXPOSE 53/tcp 53/udp`처럼 두 번 적으세요.',
      ),
    ],
    example: lines('EXPOSE 8080', 'EXPOSE 53/tcp 53/udp'),
    flags: [],
    reference: ref('expose'),
  },
  {
    name: 'ENV',
    summary: l(
      'Sets environment variables for all later instructions of the stage. They persist into the image: containers started from it and stages built `FROM` it see them too.',
      '스테이지의 이후 모든 명령에 적용되는 환경 변수를 설정합니다. 이 값은 이미지에 남으므로, 이미지로 시작한 컨테이너와 이 이미지를 `FROM`으로 쓰는 스테이지에서도 보입니다.',
    ),
    forms: [
      { label: l('Key-value pairs', '키-값 쌍'), syntax: 'ENV <key>=<value> [<key>=<value>...]' },
      { label: l('Legacy form (one variable; discouraged)', '레거시 형식(변수 하나, 권장하지 않음)'), syntax: 'ENV <key> <value>' },
    ],
    pitfalls: [
      l(
        '`ENV` persists into the image and into later stages built `FROM` it, while `ARG` does not persist. For values needed only during the build (such as `DEBIAN_FRONTEND=noninteractive`) use `ARG`, or set the variable on the `RUN` line.',
        '`ENV`는 이미지와 그 이미지를 `FROM`으로 쓰는 이후 스테이지에 남지만, `ARG`는 남지 않습니다. `DEBIAN_FRONTEND=noninteractive`처럼 빌드 중에만 필요한 값은 `ARG`로 선언하거나 `RUN` 줄에서 직접 지정하세요.',
      ),
      noSecretsInArgEnv('ENV', l('they stay in the image config, visible to `docker inspect` and every container.', '이미지 설정에 남아 `docker inspect`와 모든 컨테이너에서 보입니다.')),
      l(
        'The legacy form `ENV key value` sets one variable to everything after the key: `ENV ONE TWO= THREE=world` sets `ONE` to `TWO= THREE=world`. Use `key=value` (build check LegacyKeyValueFormat).',
        '레거시 형식 `ENV key value`는 키 뒤의 모든 내용을 하나의 값으로 설정합니다. `ENV ONE TWO= THREE=world`는 `ONE`을 `TWO= THREE=world`로 설정합니다. `key=value` 형식을 쓰세요(빌드 체크 LegacyKeyValueFormat).',
      ),
      l(
        'Variables referenced within one `ENV` take their values from before that instruction: after `ENV abc=hello`, `ENV abc=bye def=$abc` sets `def` to `hello`.',
        '하나의 `ENV` 안에서 참조하는 변수는 그 명령 이전의 값을 씁니다. `ENV abc=hello` 다음에 `ENV abc=bye def=$abc`를 쓰면 `def`는 `hello`가 됩니다.',
      ),
      l(
        'An `ENV` overrides an `ARG` of the same name from that line on, even when another value was passed with `--build-arg`.',
        '`ENV`는 그 줄부터 같은 이름의 `ARG`를 덮어씁니다. `--build-arg`로 다른 값을 넘겨도 마찬가지입니다.',
      ),
    ],
    example: lines('ENV NODE_ENV=production \\', '    PATH="/app/node_modules/.bin:$PATH"'),
    flags: [],
    reference: ref('env'),
  },
  {
    name: 'ADD',
    summary: l(
      'Copies files and directories from the build context, a remote URL or a Git repository into the image. Unlike `COPY` it downloads URLs, clones Git repositories and extracts local tar archives. Prefer `COPY` for plain local files.',
      '빌드 컨텍스트, 원격 URL, Git 저장소의 파일과 디렉터리를 이미지에 추가합니다. `COPY`와 달리 URL을 내려받고, Git 저장소를 클론하며, 로컬 tar 아카이브를 풀어 줍니다. 일반 로컬 파일에는 `COPY`를 쓰는 편이 좋습니다.',
    ),
    forms: [
      { label: l('Space-separated', '공백 구분 형식'), syntax: 'ADD [OPTIONS] <src> ... <dest>' },
      { label: l('JSON form (required for paths with spaces)', 'JSON 형식(공백이 있는 경로에 필요)'), syntax: 'ADD [OPTIONS] ["<src>", ... "<dest>"]' },
    ],
    pitfalls: [
      l(
        'A file added from a URL gets mode 600 (read and write for the owner only). Add `--chmod` if other users must read or execute it.',
        'URL에서 추가한 파일의 권한은 600(소유자만 읽기/쓰기)입니다. 다른 사용자가 읽거나 실행해야 한다면 `--chmod`를 지정하세요.',
      ),
      l(
        'Local tar archives (uncompressed, gzip, bzip2, xz or zstd) are extracted automatically, whereas archives downloaded from a URL are not unless you add `--unpack=true`. The format is detected from the content, not the file name.',
        '로컬 tar 아카이브(비압축, gzip, bzip2, xz, zstd)는 자동으로 풀리지만, URL에서 내려받은 아카이브는 `--unpack=true`를 주지 않으면 풀리지 않습니다. 형식은 파일 이름이 아니라 내용으로 판별합니다.',
      ),
      l(
        'Pin remote sources with `--checksum`, so that a changed download fails the build instead of silently changing the image.',
        '원격 소스는 `--checksum`으로 고정하세요. 그러면 내려받은 내용이 바뀌었을 때 이미지가 조용히 달라지는 대신 빌드가 실패합니다.',
      ),
      l(
        'Credentials cannot be given in the URL itself. For protected URLs use the `HTTP_AUTH_TOKEN_<host>` / `HTTP_AUTH_HEADER_<host>` build secrets, or download in a `RUN` step with `--mount=type=secret`.',
        'URL에 인증 정보를 직접 넣을 수는 없습니다. 보호된 URL에는 `HTTP_AUTH_TOKEN_<host>` / `HTTP_AUTH_HEADER_<host>` 빌드 시크릿을 쓰거나, `--mount=type=secret`을 붙인 `RUN` 단계에서 내려받으세요.',
      ),
      l(
        'Sources in the build context are relative to its root and cannot reach outside it: a leading `/` or `../` is stripped. Files excluded by `.dockerignore` are not available.',
        '빌드 컨텍스트의 소스는 컨텍스트 루트 기준 경로이며 컨텍스트 밖을 가리킬 수 없습니다. 앞에 붙은 `/`나 `../`는 제거됩니다. `.dockerignore`로 제외한 파일은 쓸 수 없습니다.',
      ),
    ],
    example: lines(
      'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \\',
      '    https://mirrors.edge.kernel.org/pub/linux/kernel/Historic/linux-0.01.tar.gz /src/',
      'ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.14.1 /src/buildkit',
      'ADD rootfs.tar.gz /',
    ),
    flags: [keepGitDirFlag, checksumFlag, chownFlag('add'), chmodFlag('add'), linkFlag('add'), unpackFlag, excludeFlag('add')],
    reference: ref('add'),
  },
  {
    name: 'COPY',
    summary: l(
      'Copies files and directories from the build context, another build stage, a named context or an image into the filesystem of the image.',
      '빌드 컨텍스트, 다른 빌드 스테이지, 이름 있는 컨텍스트, 이미지의 파일과 디렉터리를 이미지의 파일시스템으로 복사합니다.',
    ),
    forms: [
      { label: l('Space-separated', '공백 구분 형식'), syntax: 'COPY [OPTIONS] <src> ... <dest>' },
      { label: l('JSON form (required for paths with spaces)', 'JSON 형식(공백이 있는 경로에 필요)'), syntax: 'COPY [OPTIONS] ["<src>", ... "<dest>"]' },
      { label: l('Heredoc (inline file)', 'heredoc(인라인 파일)'), syntax: lines('COPY [OPTIONS] <<EOF <dest>', '<content>', 'EOF') },
    ],
    pitfalls: [
      l(
        'Sources are relative to the root of the build context and cannot reach outside it: a leading `/` or `../` is stripped. Files excluded by `.dockerignore` are not there.',
        '소스는 빌드 컨텍스트 루트 기준 경로이며 컨텍스트 밖을 가리킬 수 없습니다. 앞에 붙은 `/`나 `../`는 제거됩니다. `.dockerignore`로 제외한 파일은 없는 것으로 취급됩니다.',
      ),
      l(
        'For a directory source the contents are copied, not the directory itself: `COPY src /app/` puts the files of `src` directly into `/app/`. Use `--parents` to keep directory structure.',
        '소스가 디렉터리이면 디렉터리 자체가 아니라 그 내용이 복사됩니다. `COPY src /app/`은 `src` 안의 파일을 `/app/` 바로 아래에 넣습니다. 디렉터리 구조를 유지하려면 `--parents`를 쓰세요.',
      ),
      l(
        'With several sources or a wildcard, the destination must be a directory ending in `/`. Trailing slashes matter: `COPY a.txt /abs` creates the file `/abs`, while `COPY a.txt /abs/` creates `/abs/a.txt`.',
        '소스가 여러 개이거나 와일드카드를 쓰면 대상은 `/`로 끝나는 디렉터리여야 합니다. 끝의 슬래시는 의미가 있습니다. `COPY a.txt /abs`는 `/abs`라는 파일을 만들고, `COPY a.txt /abs/`는 `/abs/a.txt`를 만듭니다.',
      ),
      l(
        'Copied files are owned by UID/GID 0 regardless of `USER`; a non-root user may be unable to write them. Use `--chown`.',
        '복사한 파일은 `USER`와 관계없이 UID/GID 0 소유가 되므로 root가 아닌 사용자가 쓰지 못할 수 있습니다. `--chown`을 쓰세요.',
      ),
      l(
        'Copy dependency manifests (`package.json`, `go.mod`, `requirements.txt`) and install dependencies before copying the rest of the sources, so that editing code does not invalidate the dependency layer.',
        '의존성 목록 파일(`package.json`, `go.mod`, `requirements.txt`)을 먼저 복사해 의존성을 설치한 다음 나머지 소스를 복사하세요. 그래야 코드를 고쳐도 의존성 레이어의 캐시가 무효화되지 않습니다.',
      ),
      l(
        'Deleting copied files in a later `RUN` does not make the image smaller; keep them out with `.dockerignore` or `--exclude`.',
        '복사한 파일을 나중 `RUN`에서 지워도 이미지는 작아지지 않습니다. `.dockerignore`나 `--exclude`로 처음부터 빼세요.',
      ),
    ],
    example: lines(
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'COPY --exclude=*.md . .',
      'COPY --from=build --chown=10001:10001 --chmod=755 /out/app /usr/local/bin/app',
    ),
    flags: [fromFlag, chownFlag('copy'), chmodFlag('copy'), linkFlag('copy'), parentsFlag, excludeFlag('copy')],
    reference: ref('copy'),
  },
  {
    name: 'ENTRYPOINT',
    summary: l(
      'Configures the container to run as an executable. Arguments of `docker run <image> ...` (or `CMD`) are appended to an exec-form `ENTRYPOINT`; `docker run --entrypoint` overrides it.',
      '컨테이너를 실행 파일처럼 동작하게 설정합니다. exec 형식 `ENTRYPOINT` 뒤에는 `docker run <image> ...`의 인자(없으면 `CMD`)가 덧붙습니다. `docker run --entrypoint`로 재정의할 수 있습니다.',
    ),
    forms: [
      { label: execForm, syntax: 'ENTRYPOINT ["executable", "param1", "param2"]' },
      { label: shellForm, syntax: 'ENTRYPOINT command param1 param2' },
    ],
    pitfalls: [
      l(
        'A shell-form `ENTRYPOINT` ignores `CMD` and `docker run` arguments and runs as `/bin/sh -c "<command>"`. A single simple command is exec\'d by busybox `sh`, dash 0.5.11+ and bash and becomes PID 1; with a compound command (`a && b`, `a; b`, a pipe, `&`) or an older dash (Debian 10, Ubuntu 20.04) the shell stays PID 1, your program receives no signals and `docker stop` ends in SIGKILL after the timeout. Use the exec form, or start the last command with `exec` (build check JSONArgsRecommended).',
        'shell 형식 `ENTRYPOINT`는 `CMD`와 `docker run` 인자를 무시하고 `/bin/sh -c "<command>"`로 실행됩니다. 단순 명령 하나는 busybox `sh`, dash 0.5.11 이상, bash가 바로 exec하므로 PID 1이 됩니다. 복합 명령(`a && b`, `a; b`, 파이프, `&`)이거나 오래된 dash(Debian 10, Ubuntu 20.04)라면 셸이 PID 1로 남아 프로그램이 시그널을 받지 못하고, `docker stop`은 타임아웃 후 SIGKILL로 끝납니다. exec 형식을 쓰거나 마지막 명령 앞에 `exec`를 붙이세요(빌드 체크 JSONArgsRecommended).',
      ),
      onlyLastCounts('ENTRYPOINT'),
      execNoExpansion('ENTRYPOINT'),
      entrypointResetsCmd,
      l(
        'An entrypoint script should finish with `exec "$@"` so that the final process replaces the shell, becomes PID 1 and receives signals.',
        '엔트리포인트 스크립트는 `exec "$@"`로 끝내세요. 그래야 최종 프로세스가 셸을 대체해 PID 1이 되고 시그널을 받습니다.',
      ),
    ],
    example: lines('COPY docker-entrypoint.sh /usr/local/bin/', 'ENTRYPOINT ["docker-entrypoint.sh"]', 'CMD ["postgres"]'),
    flags: [],
    reference: ref('entrypoint'),
  },
  {
    name: 'VOLUME',
    summary: l(
      'Marks paths as mount points for externally managed volumes. A container started from the image gets a volume at each path (an anonymous one unless you mount one there), initialised with the content the image has at that path.',
      '경로를 외부에서 관리하는 볼륨의 마운트 지점으로 표시합니다. 이미지로 시작한 컨테이너는 각 경로에 볼륨을 받으며(직접 마운트하지 않으면 익명 볼륨), 그 볼륨은 이미지의 해당 경로 내용으로 초기화됩니다.',
    ),
    forms: [
      { label: l('JSON form', 'JSON 형식'), syntax: 'VOLUME ["/data"]' },
      { label: l('Space-separated', '공백 구분 형식'), syntax: 'VOLUME /var/log /var/db' },
    ],
    pitfalls: [
      l(
        'With the legacy builder, changes that later build steps (e.g. `RUN`) make under a path declared with `VOLUME` are discarded; BuildKit keeps them. To get the same result with either builder, prepare the content before the `VOLUME` line.',
        '레거시 빌더에서는 `VOLUME`으로 선언한 경로를 이후 빌드 단계(예: `RUN`)에서 바꾸면 그 변경이 버려집니다(BuildKit은 유지합니다). 어느 빌더에서든 같은 결과를 얻으려면 `VOLUME` 줄보다 앞에서 내용을 준비하세요.',
      ),
      l(
        'A host directory cannot be mounted from a Dockerfile; the host side is chosen at run time (`docker run -v`).',
        'Dockerfile에서는 호스트 디렉터리를 마운트할 수 없습니다. 호스트 쪽 경로는 실행 시점(`docker run -v`)에 정합니다.',
      ),
      l(
        'Every container started without `-v` for that path gets a new anonymous volume, which remains after the container is removed unless you use `docker run --rm` or `docker rm -v`.',
        '해당 경로에 `-v` 없이 시작한 컨테이너마다 새 익명 볼륨이 생기고, `docker run --rm`이나 `docker rm -v`를 쓰지 않으면 컨테이너를 지운 뒤에도 남습니다.',
      ),
      l(
        'A `VOLUME` declared in a base image cannot be removed in child images.',
        '베이스 이미지에서 선언한 `VOLUME`은 자식 이미지에서 없앨 수 없습니다.',
      ),
      l('The JSON form must use double quotes.', 'JSON 형식에서는 반드시 큰따옴표를 써야 합니다.'),
    ],
    example: lines('RUN mkdir -p /var/lib/app && chown 10001:10001 /var/lib/app', 'VOLUME ["/var/lib/app"]'),
    flags: [],
    reference: ref('volume'),
  },
  {
    name: 'USER',
    summary: l(
      'Sets the user (and optionally the group) for the rest of the stage: later `RUN` instructions, and at run time `ENTRYPOINT` and `CMD`, run as this user.',
      '스테이지의 나머지 부분에 적용할 사용자(필요하면 그룹도)를 지정합니다. 이후의 `RUN` 명령과, 실행 시점의 `ENTRYPOINT`, `CMD`가 이 사용자로 실행됩니다.',
    ),
    forms: [
      { label: l('By name', '이름으로 지정'), syntax: 'USER <user>[:<group>]' },
      { label: l('By numeric ID', '숫자 ID로 지정'), syntax: 'USER <UID>[:<GID>]' },
    ],
    pitfalls: [
      l(
        'A user or group given by name must exist in the image (`/etc/passwd`, `/etc/group`), so create it first (`useradd`, `adduser`); numeric IDs work without an entry.',
        '이름으로 지정한 사용자나 그룹은 이미지의 `/etc/passwd`, `/etc/group`에 있어야 하므로 먼저 `useradd`나 `adduser`로 만드세요. 숫자 ID는 항목이 없어도 동작합니다.',
      ),
      l(
        'When you specify a group, the user has only that group membership; other configured groups are ignored. A user without a primary group runs with the `root` group.',
        '그룹을 지정하면 사용자는 그 그룹에만 속하고, 설정된 다른 그룹은 무시됩니다. 주 그룹이 없는 사용자는 `root` 그룹으로 실행됩니다.',
      ),
      l(
        '`USER` does not change file ownership: files from `COPY`/`ADD` stay owned by root unless you use `--chown`.',
        '`USER`는 파일 소유권을 바꾸지 않습니다. `COPY`/`ADD`로 추가한 파일은 `--chown`을 쓰지 않는 한 root 소유로 남습니다.',
      ),
      l(
        'Containers run as root unless the image sets `USER`; switch to an unprivileged user in the final stage.',
        '이미지에 `USER`가 없으면 컨테이너는 root로 실행됩니다. 마지막 스테이지에서 권한이 없는 사용자로 전환하세요.',
      ),
    ],
    example: lines('RUN groupadd --system app && useradd --system --gid app --no-create-home app', 'USER app:app'),
    flags: [],
    reference: ref('user'),
  },
  {
    name: 'WORKDIR',
    summary: l(
      'Sets the working directory for later `RUN`, `CMD`, `ENTRYPOINT`, `COPY` and `ADD` instructions and for the container. The directory is created if it does not exist.',
      '이후의 `RUN`, `CMD`, `ENTRYPOINT`, `COPY`, `ADD` 명령과 컨테이너의 작업 디렉터리를 지정합니다. 디렉터리가 없으면 새로 만듭니다.',
    ),
    forms: [{ label: l('Path', '경로'), syntax: 'WORKDIR /path/to/workdir' }],
    pitfalls: [
      l(
        '`WORKDIR` creates the directory if needed, so no `RUN mkdir` is required. Prefer it to `RUN cd ... && ...`, whose effect ends with that `RUN`.',
        '`WORKDIR`는 필요하면 디렉터리를 만들어 주므로 `RUN mkdir`이 필요 없습니다. `RUN cd ... && ...`는 그 `RUN` 안에서만 효과가 있으므로 `WORKDIR`를 쓰세요.',
      ),
      l(
        'A relative path is resolved against the previous `WORKDIR`, which may come from the base image and change upstream. Use absolute paths (build check WorkdirRelativePath).',
        '상대 경로는 이전 `WORKDIR` 기준으로 해석되는데, 그 값은 베이스 이미지에서 왔을 수 있고 업스트림에서 바뀔 수도 있습니다. 절대 경로를 쓰세요(빌드 체크 WorkdirRelativePath).',
      ),
      l(
        'Only variables set in the Dockerfile (`ENV`, `ARG`) are expanded, and no shell expansion happens: `~` is a literal directory name.',
        '`ENV`, `ARG`처럼 Dockerfile에서 설정한 변수만 확장되며 셸 확장은 일어나지 않습니다. `~`는 글자 그대로의 디렉터리 이름으로 취급됩니다.',
      ),
      l(
        'The default is `/` unless the base image sets one; set it explicitly so that commands don\'t run in an unexpected directory.',
        '베이스 이미지가 지정하지 않았다면 기본값은 `/`입니다. 명령이 예상치 못한 디렉터리에서 실행되지 않도록 직접 지정하세요.',
      ),
    ],
    example: lines('WORKDIR /app', 'COPY . .', 'RUN make build'),
    flags: [],
    reference: ref('workdir'),
  },
  {
    name: 'ARG',
    summary: l(
      'Declares a build argument, optionally with a default, that can be set with `docker build --build-arg <name>=<value>`. It is in scope from the line that declares it to the end of the stage and is passed to later `RUN` instructions as an environment variable, but it is not stored in the image.',
      '`docker build --build-arg <name>=<value>`로 값을 넘길 수 있는 빌드 인자를 선언합니다. 기본값을 줄 수도 있습니다. 선언한 줄부터 스테이지 끝까지 유효하고 이후 `RUN` 명령에 환경 변수로 전달되지만, 이미지에는 저장되지 않습니다.',
    ),
    forms: [{ label: l('Name with optional default', '이름과 선택적 기본값'), syntax: 'ARG <name>[=<default value>] [<name>[=<default value>]...]' }],
    pitfalls: [
      argBeforeFrom,
      l(
        '`ARG` values do not persist in the image, unlike `ENV`; to keep a value at run time, copy it into an `ENV` (`ENV VERSION=$VERSION`).',
        '`ENV`와 달리 `ARG` 값은 이미지에 남지 않습니다. 실행 시점에도 값이 필요하면 `ENV VERSION=$VERSION`처럼 `ENV`로 옮기세요.',
      ),
      noSecretsInArgEnv(
        'ARG',
        l('build arguments are visible in `docker history` and in provenance attestations.', '빌드 인자는 `docker history`와 프로비넌스 증명(provenance attestation)에 노출됩니다.'),
      ),
      l(
        'An `ARG` is scoped to its stage and to stages built `FROM` that stage; unrelated stages must declare it again.',
        '`ARG`는 선언한 스테이지와 그 스테이지를 `FROM`으로 이어받은 스테이지에서만 유효합니다. 관련 없는 스테이지에서는 다시 선언해야 합니다.',
      ),
      l(
        'An `ENV` of the same name overrides the `ARG`. A changed `ARG` value causes a cache miss at its first use, not at its declaration, and every later `RUN` uses it implicitly.',
        '같은 이름의 `ENV`가 있으면 `ARG`보다 우선합니다. `ARG` 값이 바뀌면 선언한 줄이 아니라 처음 쓰이는 곳에서 캐시 미스가 나며, 이후의 모든 `RUN`은 이 값을 암묵적으로 사용합니다.',
      ),
    ],
    example: lines('ARG NODE_VERSION=24', 'FROM node:${NODE_VERSION}-alpine', 'ARG NODE_VERSION', 'RUN echo "Building with Node.js $NODE_VERSION"'),
    flags: [],
    reference: ref('arg'),
  },
  {
    name: 'ONBUILD',
    summary: l(
      'Adds a trigger instruction to the image that runs later, when another build uses this image as its base: the triggers run in the child build right after its `FROM`, in the order they were registered.',
      '이미지에 트리거 명령을 등록합니다. 이 트리거는 나중에 다른 빌드가 이 이미지를 베이스로 쓸 때 실행되며, 자식 빌드의 `FROM` 직후에 등록된 순서대로 실행됩니다.',
    ),
    forms: [{ label: l('Trigger instruction', '트리거 명령'), syntax: 'ONBUILD <INSTRUCTION>' }],
    pitfalls: [
      l(
        '`ONBUILD` triggers do not run in the current build; they run only in the child build that uses the image in `FROM`, and they are not passed on to grandchildren.',
        '`ONBUILD` 트리거는 현재 빌드에서는 실행되지 않습니다. 이 이미지를 `FROM`으로 쓰는 자식 빌드에서만 실행되며, 손자 빌드로는 전달되지 않습니다.',
      ),
      l(
        '`ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER` are not allowed.',
        '`ONBUILD ONBUILD`, `ONBUILD FROM`, `ONBUILD MAINTAINER`는 허용되지 않습니다.',
      ),
      l(
        'If a trigger fails, the child build fails at its `FROM`, which can surprise users of the base image; document the triggers (for example with an `-onbuild` tag).',
        '트리거가 실패하면 자식 빌드가 `FROM`에서 실패하므로 베이스 이미지 사용자가 당황할 수 있습니다. 트리거가 있다는 사실을 문서화하세요(예: `-onbuild` 태그).',
      ),
      l(
        'With `ONBUILD COPY --from=<stage>` or `ONBUILD RUN --mount=from=<stage>` (Dockerfile 1.11+), the stage must be defined in the child\'s Dockerfile, and a named context must be passed to the child build.',
        '`ONBUILD COPY --from=<stage>`나 `ONBUILD RUN --mount=from=<stage>`(Dockerfile 1.11 이상)를 쓰면 그 스테이지는 자식 Dockerfile에 정의되어 있어야 하고, 이름 있는 컨텍스트라면 자식 빌드에 전달되어야 합니다.',
      ),
    ],
    example: lines('ONBUILD COPY . /app/src', 'ONBUILD RUN /usr/local/bin/python-build --dir /app/src'),
    flags: [],
    reference: ref('onbuild'),
  },
  {
    name: 'STOPSIGNAL',
    summary: l(
      'Sets the signal that `docker stop` sends to the container to make it exit: a name such as `SIGQUIT` or a number such as `9`. The default is `SIGTERM`.',
      '`docker stop`이 컨테이너를 종료시킬 때 보내는 시그널을 지정합니다. `SIGQUIT` 같은 이름이나 `9` 같은 번호로 씁니다. 기본값은 `SIGTERM`입니다.',
    ),
    forms: [{ label: l('Signal name or number', '시그널 이름 또는 번호'), syntax: 'STOPSIGNAL <signal>' }],
    pitfalls: [
      l(
        'The default is `SIGTERM`. If the process has not exited when the stop timeout (10 seconds by default) expires, Docker sends `SIGKILL`.',
        '기본값은 `SIGTERM`입니다. 정지 타임아웃(기본 10초)이 지나도 프로세스가 끝나지 않으면 Docker가 `SIGKILL`을 보냅니다.',
      ),
      l(
        'The signal goes to PID 1. With a shell-form `CMD` or `ENTRYPOINT` that is a single simple command, busybox `sh`, dash 0.5.11+ and bash exec it, so your program is PID 1 and gets the signal; with a compound command (`a && b`, `a; b`, a pipe) PID 1 stays `/bin/sh`, which does not pass it on. As PID 1 a program gets only signals it handles (the kernel drops the rest, e.g. `sleep` ignores SIGTERM there).',
        '시그널은 PID 1에 전달됩니다. shell 형식 `CMD`나 `ENTRYPOINT`가 단순 명령 하나라면 busybox `sh`, dash 0.5.11 이상, bash가 그 명령을 exec하므로 프로그램이 PID 1이 되어 시그널을 받습니다. 복합 명령(`a && b`, `a; b`, 파이프)이면 PID 1은 `/bin/sh`로 남고 셸은 시그널을 전달하지 않습니다. PID 1인 프로그램은 핸들러를 둔 시그널만 받습니다(나머지는 커널이 버리므로, 예를 들어 `sleep`은 SIGTERM을 무시합니다).',
      ),
      l(
        'It only applies to `docker stop` (and daemon-initiated stops), not to Ctrl+C, which sends `SIGINT` directly. `docker run --stop-signal` overrides it.',
        '`docker stop`(과 데몬이 컨테이너를 멈출 때)에만 적용되며, `SIGINT`를 직접 보내는 Ctrl+C에는 영향이 없습니다. `docker run --stop-signal`로 재정의할 수 있습니다.',
      ),
      l(
        'Use the signal your program handles as a graceful shutdown, e.g. `SIGQUIT` for nginx, `SIGWINCH` for Apache httpd or `SIGRTMIN+3` for systemd.',
        '프로그램이 정상 종료(graceful shutdown)로 처리하는 시그널을 쓰세요. 예를 들어 nginx는 `SIGQUIT`, Apache httpd는 `SIGWINCH`, systemd는 `SIGRTMIN+3`입니다.',
      ),
    ],
    example: 'STOPSIGNAL SIGQUIT',
    flags: [],
    reference: ref('stopsignal'),
  },
  {
    name: 'HEALTHCHECK',
    summary: l(
      'Tells Docker how to test that the container is still working. The health status starts as `starting`, becomes `healthy` when a check passes and `unhealthy` after `--retries` consecutive failures. `HEALTHCHECK NONE` disables a check inherited from the base image.',
      '컨테이너가 제대로 동작하는지 검사하는 방법을 Docker에 알려 줍니다. 헬스 상태는 `starting`으로 시작해, 검사를 통과하면 `healthy`, `--retries`번 연속 실패하면 `unhealthy`가 됩니다. `HEALTHCHECK NONE`은 베이스 이미지에서 상속한 검사를 끕니다.',
    ),
    forms: [
      { label: shellForm, syntax: 'HEALTHCHECK [OPTIONS] CMD <command>' },
      { label: execForm, syntax: 'HEALTHCHECK [OPTIONS] CMD ["<executable>", "<param>", ...]' },
      { label: l('Disable an inherited check', '상속한 검사 끄기'), syntax: 'HEALTHCHECK NONE' },
    ],
    pitfalls: [
      onlyLastCounts('HEALTHCHECK'),
      l(
        'Exit status 0 means healthy and 1 unhealthy; 2 is reserved. End shell checks with `|| exit 1` so that other failure codes (such as curl\'s 7 or 22) map to 1.',
        '종료 코드 0은 정상(healthy), 1은 비정상(unhealthy)이며 2는 예약되어 있습니다. curl의 7이나 22 같은 다른 실패 코드가 1이 되도록 셸 검사 끝에 `|| exit 1`을 붙이세요.',
      ),
      l(
        'The check runs inside the container, so the tool it calls (curl, wget, ...) must exist in the image; minimal and distroless images often lack it.',
        '검사는 컨테이너 안에서 실행되므로 호출하는 도구(curl, wget 등)가 이미지에 있어야 합니다. 최소 이미지나 distroless 이미지에는 대개 없습니다.',
      ),
      l(
        'Kubernetes ignores `HEALTHCHECK`; define liveness and readiness probes in the pod spec instead.',
        'Kubernetes는 `HEALTHCHECK`를 무시합니다. 파드 스펙에 liveness/readiness 프로브를 따로 정의하세요.',
      ),
      l(
        'Only the first 4096 bytes of the check output are kept in the health status (`docker inspect`); keep the output short.',
        '헬스 상태(`docker inspect`)에는 검사 출력의 처음 4096바이트만 저장되므로 출력을 짧게 유지하세요.',
      ),
    ],
    example: lines('HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \\', '  CMD curl -fsS http://localhost:8080/healthz || exit 1'),
    flags: healthcheckFlags,
    reference: ref('healthcheck'),
  },
  {
    name: 'SHELL',
    summary: l(
      'Overrides the default shell used for the shell form of `RUN`, `CMD` and `ENTRYPOINT` (`["/bin/sh", "-c"]` on Linux, `["cmd", "/S", "/C"]` on Windows). It must be written in JSON form and applies to all later instructions until the next `SHELL`.',
      '`RUN`, `CMD`, `ENTRYPOINT`의 shell 형식에 쓰이는 기본 셸(Linux는 `["/bin/sh", "-c"]`, Windows는 `["cmd", "/S", "/C"]`)을 바꿉니다. 반드시 JSON 형식으로 써야 하며, 다음 `SHELL`이 나올 때까지 이후의 모든 명령에 적용됩니다.',
    ),
    forms: [{ label: l('JSON form (required)', 'JSON 형식(필수)'), syntax: 'SHELL ["executable", "parameters"]' }],
    pitfalls: [
      l(
        '`SHELL` only affects the shell form of `RUN`, `CMD` and `ENTRYPOINT`; exec-form instructions never go through a shell.',
        '`SHELL`은 `RUN`, `CMD`, `ENTRYPOINT`의 shell 형식에만 영향을 줍니다. exec 형식 명령은 셸을 거치지 않습니다.',
      ),
      l(
        'It must be a JSON array, and its last argument must make the shell run the next argument as a command, e.g. `-c` for sh/bash or `-command` for PowerShell.',
        'JSON 배열이어야 하며, 마지막 인자는 다음 인자를 명령으로 실행하게 하는 옵션이어야 합니다. 예를 들어 sh/bash는 `-c`, PowerShell은 `-command`입니다.',
      ),
      l(
        'The shell must exist in the image (Alpine has no bash by default), and the setting is stored in the image config, so child images inherit it.',
        '지정한 셸이 이미지에 있어야 하며(Alpine에는 기본으로 bash가 없음), 이 설정은 이미지 설정에 저장되어 자식 이미지에도 상속됩니다.',
      ),
      l(
        '`SHELL ["/bin/bash", "-o", "pipefail", "-c"]` makes a failing command anywhere in a pipeline fail the `RUN`.',
        '`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`를 쓰면 파이프라인 중간의 명령이 실패해도 `RUN`이 실패합니다.',
      ),
    ],
    example: lines('SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN curl -fsSL https://example.com/install.sh | bash'),
    flags: [],
    reference: ref('shell'),
  },
];

// ---------------------------------------------------------------------------
// Parser directives
// ---------------------------------------------------------------------------

export const DIRECTIVE_DOCS: readonly DirectiveDoc[] = [
  {
    name: 'syntax',
    syntax: '# syntax=<frontend image>',
    summary: l(
      'Declares the Dockerfile syntax (frontend image) BuildKit uses for this build; `docker/dockerfile:1` pulls the latest stable 1.x release, so new Dockerfile features work without upgrading Docker or BuildKit. Like every parser directive it must be at the very top, before any instruction, comment or blank line.',
      '이 빌드에 BuildKit이 사용할 Dockerfile 문법(프런트엔드 이미지)을 선언합니다. `docker/dockerfile:1`을 쓰면 최신 안정 1.x 버전을 받아 오므로, Docker나 BuildKit을 업그레이드하지 않고도 새 Dockerfile 기능을 쓸 수 있습니다. 다른 파서 지시어와 마찬가지로 어떤 명령, 주석, 빈 줄보다도 앞인 파일 맨 위에 있어야 합니다.',
    ),
    example: lines('# syntax=docker/dockerfile:1', '', 'FROM alpine'),
    reference: ref('syntax'),
  },
  {
    name: 'escape',
    syntax: '# escape=<\\ or `>',
    summary: l(
      'Sets the character used to escape characters and to continue lines: `\\` (the default) or a backtick. A backtick is useful on Windows, where `\\` is the path separator. Escaping is not performed inside `RUN` commands except at the end of a line.',
      '문자를 이스케이프하고 줄을 이어 쓸 때 쓰는 문자를 지정합니다. `\\`(기본값) 또는 백틱(`)을 쓸 수 있습니다. `\\`가 경로 구분자인 Windows에서는 백틱이 편리합니다. `RUN` 명령 안에서는 줄 끝을 제외하고 이스케이프가 처리되지 않습니다.',
    ),
    example: lines('# escape=`', '', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'COPY testfile.txt c:\\', 'RUN dir c:\\'),
    reference: ref('escape'),
  },
  {
    name: 'check',
    syntax: '# check=skip=<checks|all>;error=<true|false>;experimental=<checks|all>',
    summary: l(
      'Configures build checks (Dockerfile 1.8+). `skip` disables the listed checks (comma-separated) or `all`; `error=true` makes check violations fail the build (pin the syntax version when you use it); `experimental` enables experimental checks and takes precedence over `skip`. Separate options with `;`. Check names are case-sensitive (PascalCase). The `BUILDKIT_DOCKERFILE_CHECK` build argument accepts the same value.',
      '빌드 체크를 설정합니다(Dockerfile 1.8 이상). `skip`은 나열한 체크(쉼표로 구분)나 `all`을 끄고, `error=true`는 체크 위반 시 빌드를 실패시킵니다(이때는 문법 버전을 고정하세요). `experimental`은 실험적 체크를 켜며 `skip`보다 우선합니다. 옵션은 `;`로 구분합니다. 체크 이름은 대소문자를 구분합니다(PascalCase). `BUILDKIT_DOCKERFILE_CHECK` 빌드 인자도 같은 값을 받습니다.',
    ),
    example: lines('# syntax=docker/dockerfile:1', '# check=skip=JSONArgsRecommended,StageNameCasing;error=true', '', 'FROM alpine'),
    reference: ref('check'),
  },
];

// ---------------------------------------------------------------------------
// Predefined build arguments
// ---------------------------------------------------------------------------

const platformArg = (name: string, example: string, en: string, ko: string): PredefinedArgDoc => ({
  name,
  summary: l(
    `${en} Set automatically in the global scope (usable in \`FROM\` lines); redeclare it with \`ARG ${name}\` inside a stage to use it there.`,
    `${ko} 전역 범위에 자동으로 설정되므로 \`FROM\` 줄에서 쓸 수 있고, 스테이지 안에서 쓰려면 \`ARG ${name}\`으로 다시 선언하세요.`,
  ),
  example,
  platform: true,
});

const PROXY_NOTE = l(
  'Predefined: usable in `RUN` without an `ARG` line, and left out of `docker history` and the cache key unless you declare it with `ARG`.',
  '미리 정의된 인자라서 `ARG` 선언 없이 `RUN`에서 쓸 수 있으며, `ARG`로 선언하지 않는 한 `docker history`와 캐시 키에 포함되지 않습니다.',
);
const proxyArg = (name: string, example: string, en: string, ko: string): PredefinedArgDoc => ({
  name,
  summary: l(`${en} ${PROXY_NOTE.en}`, `${ko} ${PROXY_NOTE.ko}`),
  example,
  platform: false,
});
const buildkitArg = (name: string, example: string, en: string, ko: string): PredefinedArgDoc => ({
  name,
  summary: l(en, ko),
  example,
  platform: false,
});

export const PREDEFINED_ARGS: readonly PredefinedArgDoc[] = [
  platformArg('TARGETPLATFORM', 'linux/amd64', 'Platform of the build result, e.g. `linux/amd64`, `linux/arm/v7`, `windows/amd64`.', '빌드 결과물의 플랫폼입니다(예: `linux/amd64`, `linux/arm/v7`, `windows/amd64`).'),
  platformArg('TARGETOS', 'linux', 'OS component of `TARGETPLATFORM`.', '`TARGETPLATFORM`의 OS 부분입니다.'),
  platformArg('TARGETARCH', 'amd64', 'Architecture component of `TARGETPLATFORM` (`amd64`, `arm64`, `arm`, ...).', '`TARGETPLATFORM`의 아키텍처 부분입니다(`amd64`, `arm64`, `arm` 등).'),
  platformArg('TARGETVARIANT', 'v7', 'Variant component of `TARGETPLATFORM` (`v7` in `linux/arm/v7`); empty when there is none.', '`TARGETPLATFORM`의 변형(variant) 부분입니다(`linux/arm/v7`의 `v7`). 없으면 빈 값입니다.'),
  platformArg('BUILDPLATFORM', 'linux/amd64', 'Platform of the node performing the build.', '빌드를 수행하는 노드의 플랫폼입니다.'),
  platformArg('BUILDOS', 'linux', 'OS component of `BUILDPLATFORM`.', '`BUILDPLATFORM`의 OS 부분입니다.'),
  platformArg('BUILDARCH', 'amd64', 'Architecture component of `BUILDPLATFORM`.', '`BUILDPLATFORM`의 아키텍처 부분입니다.'),
  platformArg('BUILDVARIANT', 'v8', 'Variant component of `BUILDPLATFORM`; empty when there is none.', '`BUILDPLATFORM`의 변형(variant) 부분입니다. 없으면 빈 값입니다.'),
  proxyArg('HTTP_PROXY', 'http://proxy.example.com:3128', 'Proxy for HTTP requests made during the build.', '빌드 중 HTTP 요청에 쓰는 프록시입니다.'),
  proxyArg('http_proxy', 'http://proxy.example.com:3128', 'Lower-case variant of `HTTP_PROXY`; some tools read only this one.', '`HTTP_PROXY`의 소문자 버전입니다. 이쪽만 읽는 도구도 있습니다.'),
  proxyArg('HTTPS_PROXY', 'http://proxy.example.com:3128', 'Proxy for HTTPS requests made during the build.', '빌드 중 HTTPS 요청에 쓰는 프록시입니다.'),
  proxyArg('https_proxy', 'http://proxy.example.com:3128', 'Lower-case variant of `HTTPS_PROXY`.', '`HTTPS_PROXY`의 소문자 버전입니다.'),
  proxyArg('FTP_PROXY', 'http://proxy.example.com:3128', 'Proxy for FTP requests made during the build.', '빌드 중 FTP 요청에 쓰는 프록시입니다.'),
  proxyArg('ftp_proxy', 'http://proxy.example.com:3128', 'Lower-case variant of `FTP_PROXY`.', '`FTP_PROXY`의 소문자 버전입니다.'),
  proxyArg('NO_PROXY', 'localhost,127.0.0.1,.example.com', 'Comma-separated hosts and domains that bypass the proxy.', '프록시를 거치지 않을 호스트와 도메인 목록입니다(쉼표로 구분).'),
  proxyArg('no_proxy', 'localhost,127.0.0.1,.example.com', 'Lower-case variant of `NO_PROXY`.', '`NO_PROXY`의 소문자 버전입니다.'),
  proxyArg('ALL_PROXY', 'socks5://proxy.example.com:1080', 'Proxy for all protocols, e.g. a SOCKS proxy.', '모든 프로토콜에 쓰는 프록시입니다(예: SOCKS 프록시).'),
  proxyArg('all_proxy', 'socks5://proxy.example.com:1080', 'Lower-case variant of `ALL_PROXY`.', '`ALL_PROXY`의 소문자 버전입니다.'),
  buildkitArg('BUILDKIT_BUILD_NAME', 'my-app-release', 'BuildKit: overrides the build name shown by `docker buildx history` and in the Docker Desktop Builds view.', 'BuildKit: `docker buildx history`와 Docker Desktop의 Builds 화면에 표시되는 빌드 이름을 바꿉니다.'),
  buildkitArg('BUILDKIT_CACHE_MOUNT_NS', 'my-project', 'BuildKit: optional namespace for the IDs of cache mounts (`RUN --mount=type=cache`).', 'BuildKit: 캐시 마운트(`RUN --mount=type=cache`) ID에 붙는 네임스페이스입니다(선택).'),
  buildkitArg('BUILDKIT_CONTEXT_KEEP_GIT_DIR', '1', 'BuildKit: keep the `.git` directory when the build context is a Git repository.', 'BuildKit: 빌드 컨텍스트가 Git 저장소일 때 `.git` 디렉터리를 유지합니다.'),
  buildkitArg('BUILDKIT_INLINE_CACHE', '1', 'BuildKit: embed cache metadata in the image config, so the image can be used with `--cache-from` later.', 'BuildKit: 캐시 메타데이터를 이미지 설정에 넣어, 나중에 이 이미지를 `--cache-from`으로 쓸 수 있게 합니다.'),
  buildkitArg('BUILDKIT_MULTI_PLATFORM', '1', 'BuildKit: opt into deterministic output regardless of whether the output is multi-platform or not.', 'BuildKit: 멀티 플랫폼 출력인지와 관계없이 일관된(결정적인) 출력을 내도록 합니다.'),
  buildkitArg('BUILDKIT_SANDBOX_HOSTNAME', 'builder', 'BuildKit: hostname of the build containers (default `buildkitsandbox`).', 'BuildKit: 빌드 컨테이너의 호스트 이름입니다(기본값 `buildkitsandbox`).'),
  buildkitArg('BUILDKIT_SYNTAX', 'docker/dockerfile:1', 'BuildKit: frontend image to use, overriding `# syntax=`; `dockerfile.v0` selects the built-in frontend.', 'BuildKit: 사용할 프런트엔드 이미지로, `# syntax=`보다 우선합니다. `dockerfile.v0`을 주면 내장 프런트엔드를 씁니다.'),
  buildkitArg('BUILDKIT_DOCKERFILE_CHECK', 'skip=JSONArgsRecommended;error=true', 'BuildKit: configures build checks like the `# check=` directive, e.g. `error=true` or `experimental=all`.', 'BuildKit: `# check=` 지시어처럼 빌드 체크를 설정합니다(예: `error=true`, `experimental=all`).'),
  buildkitArg('SOURCE_DATE_EPOCH', '1700000000', 'Unix timestamp used for the image creation time and layer timestamps, for reproducible builds (Dockerfile 1.5+, BuildKit 0.11+).', '재현 가능한 빌드를 위해 이미지 생성 시각과 레이어 타임스탬프에 쓰는 Unix 타임스탬프입니다(Dockerfile 1.5, BuildKit 0.11 이상).'),
];

// ---------------------------------------------------------------------------
// Look-ups
// ---------------------------------------------------------------------------

const byName = new Map(INSTRUCTION_DOCS.map((d) => [d.name, d]));

/** The doc of an instruction, case-insensitive (`from`, `From`, `FROM`). */
export function instructionDoc(name: string): InstructionDoc | undefined {
  return byName.get(name.trim().toUpperCase());
}

/** The doc of a flag of an instruction; both are case-insensitive, and the flag may carry dashes and a value (`--MOUNT=type=cache`). */
export function flagDoc(instruction: string, flag: string): FlagDoc | undefined {
  const doc = instructionDoc(instruction);
  if (!doc) return undefined;
  const bare = flag.trim().replace(/^-+/, '').split('=')[0].toLowerCase();
  return doc.flags.find((f) => f.name === bare);
}

// ---------------------------------------------------------------------------
// Completion data
// ---------------------------------------------------------------------------

/** Linux signal names for STOPSIGNAL, the common ones first. */
export const SIGNALS: readonly string[] = [
  'SIGTERM',
  'SIGINT',
  'SIGQUIT',
  'SIGKILL',
  'SIGHUP',
  'SIGUSR1',
  'SIGUSR2',
  'SIGWINCH',
  'SIGRTMIN+3',
  'SIGABRT',
  'SIGALRM',
  'SIGBUS',
  'SIGCHLD',
  'SIGCONT',
  'SIGFPE',
  'SIGILL',
  'SIGIO',
  'SIGPIPE',
  'SIGPROF',
  'SIGPWR',
  'SIGSEGV',
  'SIGSTKFLT',
  'SIGSTOP',
  'SIGSYS',
  'SIGTRAP',
  'SIGTSTP',
  'SIGTTIN',
  'SIGTTOU',
  'SIGURG',
  'SIGVTALRM',
  'SIGXCPU',
  'SIGXFSZ',
];

/** Common base images with a few current tags each (a snapshot; tags move). */
export const COMMON_IMAGES: ReadonlyArray<{ name: string; tags: string[]; summary: Localized }> = [
  { name: 'alpine', tags: ['3.23', '3.22', '3.21', 'latest', 'edge'], summary: l('Alpine Linux: a minimal musl-based image (about 8 MB unpacked) with the apk package manager.', 'Alpine Linux: apk 패키지 매니저를 쓰는 musl 기반의 최소 이미지입니다(압축 해제 시 약 8MB).') },
  { name: 'debian', tags: ['trixie', 'trixie-slim', 'bookworm', 'bookworm-slim', 'stable-slim', '13', '12'], summary: l('Debian: a general-purpose glibc base; the `-slim` variants leave out docs and extras.', 'Debian: 범용 glibc 기반 이미지입니다. `-slim` 변형은 문서와 부가 파일을 뺀 버전입니다.') },
  { name: 'ubuntu', tags: ['24.04', 'noble', '22.04', 'jammy', 'latest'], summary: l('Ubuntu LTS releases, with apt.', 'apt를 쓰는 Ubuntu LTS 릴리스입니다.') },
  { name: 'busybox', tags: ['latest', 'stable', 'musl', 'glibc', 'uclibc'], summary: l('BusyBox: a tiny image with common Unix utilities in one binary.', 'BusyBox: 흔히 쓰는 유닉스 유틸리티를 바이너리 하나에 담은 아주 작은 이미지입니다.') },
  { name: 'amazonlinux', tags: ['2023', '2', 'latest'], summary: l('Amazon Linux, the AWS distribution (dnf in 2023, yum in 2).', 'AWS의 배포판인 Amazon Linux입니다(2023은 dnf, 2는 yum).') },
  { name: 'almalinux', tags: ['9', '9-minimal', '8'], summary: l('AlmaLinux: a RHEL-compatible distribution.', 'AlmaLinux: RHEL 호환 배포판입니다.') },
  { name: 'node', tags: ['24', '24-alpine', '24-slim', '22', '22-alpine', 'lts', 'lts-alpine'], summary: l('Node.js with npm and Yarn; even-numbered majors are LTS releases.', 'npm과 Yarn이 포함된 Node.js입니다. 짝수 메이저 버전이 LTS입니다.') },
  { name: 'python', tags: ['3.14', '3.14-slim', '3.14-alpine', '3.13', '3.13-slim', '3.12-slim'], summary: l('Python with pip; `-slim` is usually the best base for apps.', 'pip가 포함된 Python입니다. 애플리케이션에는 보통 `-slim`이 가장 적합합니다.') },
  { name: 'golang', tags: ['1.27', '1.27-alpine', '1.27-bookworm', '1.26', '1.26-alpine'], summary: l('The Go toolchain; use it in a build stage and copy the binary into a small runtime image.', 'Go 툴체인입니다. 빌드 스테이지에서 쓰고, 만든 바이너리는 작은 런타임 이미지로 복사하세요.') },
  { name: 'rust', tags: ['1', '1-slim', '1-alpine', 'slim', 'alpine'], summary: l('The Rust toolchain (rustup, cargo); build in it and ship the binary in a smaller image.', 'Rust 툴체인(rustup, cargo)입니다. 여기서 빌드하고 바이너리는 더 작은 이미지로 배포하세요.') },
  { name: 'eclipse-temurin', tags: ['21-jre', '21-jdk', '25-jre', '25-jdk', '17-jre', '21-jre-alpine'], summary: l('Eclipse Temurin OpenJDK builds (Adoptium); the successor of the deprecated `openjdk` image.', 'Eclipse Temurin OpenJDK 빌드(Adoptium)입니다. 사용 중단된 `openjdk` 이미지를 대신합니다.') },
  { name: 'openjdk', tags: ['17-jdk-slim', '11-jre-slim', '8-jdk'], summary: l('Deprecated: no longer updated; use `eclipse-temurin` (or another vendor build such as `amazoncorretto`).', '사용 중단됨: 더 이상 업데이트되지 않습니다. `eclipse-temurin`(또는 `amazoncorretto` 같은 다른 배포판)을 쓰세요.') },
  { name: 'amazoncorretto', tags: ['21', '21-alpine', '17', '11'], summary: l('Amazon Corretto, a production OpenJDK distribution.', '프로덕션용 OpenJDK 배포판인 Amazon Corretto입니다.') },
  { name: 'maven', tags: ['3-eclipse-temurin-21', '3-eclipse-temurin-17', '3.9-eclipse-temurin-21'], summary: l('Apache Maven with a JDK, for Java build stages.', 'JDK가 포함된 Apache Maven으로, Java 빌드 스테이지에 씁니다.') },
  { name: 'gradle', tags: ['jdk21', 'jdk17', '8-jdk21'], summary: l('Gradle with a JDK, for Java and Kotlin build stages.', 'JDK가 포함된 Gradle로, Java와 Kotlin 빌드 스테이지에 씁니다.') },
  { name: 'nginx', tags: ['stable', 'stable-alpine', 'mainline', 'mainline-alpine', 'alpine', 'alpine-slim'], summary: l('nginx web server and reverse proxy; serves `/usr/share/nginx/html`, stops with SIGQUIT.', 'nginx 웹 서버 겸 리버스 프록시입니다. `/usr/share/nginx/html`을 서비스하며 SIGQUIT으로 종료합니다.') },
  { name: 'httpd', tags: ['2.4', '2.4-alpine', 'alpine', 'latest'], summary: l('Apache HTTP Server; serves `/usr/local/apache2/htdocs/`.', 'Apache HTTP Server입니다. `/usr/local/apache2/htdocs/`를 서비스합니다.') },
  { name: 'caddy', tags: ['2', '2-alpine', 'builder', 'alpine'], summary: l('Caddy web server with automatic HTTPS; `builder` builds custom plugins with xcaddy.', '자동 HTTPS를 지원하는 Caddy 웹 서버입니다. `builder`는 xcaddy로 플러그인을 넣어 빌드할 때 씁니다.') },
  { name: 'redis', tags: ['8', '8-alpine', '7.4', '7.4-alpine', '7.2'], summary: l('Redis in-memory data store.', '인메모리 데이터 저장소인 Redis입니다.') },
  { name: 'postgres', tags: ['18', '18-alpine', '17', '17-alpine', '16'], summary: l('PostgreSQL; configured through `POSTGRES_*` environment variables and `/docker-entrypoint-initdb.d`.', 'PostgreSQL입니다. `POSTGRES_*` 환경 변수와 `/docker-entrypoint-initdb.d`로 설정합니다.') },
  { name: 'mysql', tags: ['8.4', 'lts', '9', 'innovation'], summary: l('MySQL Server; `lts` / `8.4` is the long-term support line.', 'MySQL 서버입니다. `lts`/`8.4`가 장기 지원(LTS) 버전입니다.') },
  { name: 'mariadb', tags: ['11.8', '11.4', 'lts', '10.11'], summary: l('MariaDB Server, a MySQL-compatible database.', 'MySQL과 호환되는 데이터베이스인 MariaDB 서버입니다.') },
  { name: 'mongo', tags: ['8.2', '8.0', '7.0'], summary: l('MongoDB document database.', '문서 데이터베이스인 MongoDB입니다.') },
  { name: 'memcached', tags: ['1.6', '1.6-alpine', 'alpine'], summary: l('Memcached in-memory cache.', '인메모리 캐시인 Memcached입니다.') },
  { name: 'rabbitmq', tags: ['4', '4-management', '4-alpine', 'management'], summary: l('RabbitMQ message broker; `-management` adds the web UI.', 'RabbitMQ 메시지 브로커입니다. `-management`에는 웹 관리 화면이 포함됩니다.') },
  { name: 'php', tags: ['8.4-fpm', '8.4-apache', '8.4-cli', '8.4-fpm-alpine', '8.3-fpm'], summary: l('PHP with FPM, Apache or CLI; extensions are installed with `docker-php-ext-install`.', 'FPM, Apache, CLI 변형이 있는 PHP입니다. 확장은 `docker-php-ext-install`로 설치합니다.') },
  { name: 'ruby', tags: ['3.4', '3.4-slim', '3.4-alpine', '3.3'], summary: l('Ruby with Bundler.', 'Bundler가 포함된 Ruby입니다.') },
  { name: 'docker', tags: ['cli', 'dind', '29-cli', '29-dind'], summary: l('The Docker CLI (`cli`) or Docker-in-Docker daemon (`dind`, needs `--privileged`).', 'Docker CLI(`cli`) 또는 Docker-in-Docker 데몬(`dind`, `--privileged` 필요) 이미지입니다.') },
  { name: 'mcr.microsoft.com/dotnet/sdk', tags: ['10.0', '9.0', '8.0', '8.0-alpine'], summary: l('.NET SDK for building and publishing .NET apps (build stage).', '.NET 앱을 빌드하고 게시하는 .NET SDK입니다(빌드 스테이지용).') },
  { name: 'mcr.microsoft.com/dotnet/aspnet', tags: ['10.0', '9.0', '8.0', '8.0-alpine'], summary: l('ASP.NET Core runtime for running web apps.', '웹 앱을 실행하는 ASP.NET Core 런타임입니다.') },
  { name: 'mcr.microsoft.com/dotnet/runtime', tags: ['10.0', '9.0', '8.0', '8.0-alpine'], summary: l('.NET runtime for console apps.', '콘솔 앱용 .NET 런타임입니다.') },
  { name: 'gcr.io/distroless/static-debian12', tags: ['latest', 'nonroot', 'debug', 'debug-nonroot'], summary: l('Distroless: no shell or package manager, only CA certificates, tzdata and `/etc/passwd`; for static binaries (Go, Rust).', 'Distroless: 셸과 패키지 매니저 없이 CA 인증서, tzdata, `/etc/passwd`만 있는 이미지로, 정적 바이너리(Go, Rust)용입니다.') },
  { name: 'gcr.io/distroless/base-debian12', tags: ['latest', 'nonroot', 'debug', 'debug-nonroot'], summary: l('Distroless with glibc and OpenSSL, for dynamically linked binaries.', 'glibc와 OpenSSL이 포함된 distroless 이미지로, 동적 링크된 바이너리용입니다.') },
  { name: 'scratch', tags: [], summary: l('The empty image: no files at all. Only for fully static binaries; it has no tags and is not pulled.', '파일이 하나도 없는 빈 이미지입니다. 완전히 정적인 바이너리에만 쓰며, 태그가 없고 pull되지도 않습니다.') },
];
