//! What went wrong, said in the learner's language: every error the model crate can give the
//! page (through the compute worker's [`Fault`]), in English as the model crate words it and in
//! Korean written here; technical details (a file's name, a tensor's shape, the browser's own
//! message) follow after a colon as they are.

use bertlab_model::CheckpointError;
use bertlab_model::data::CorpusError;
use bertlab_model::inspect::{ContextualError, FillError, InspectError, NeighbourError};
use bertlab_model::limits::LimitError;
use bertlab_model::train::{SessionError, TrainError};

use crate::compute::protocol::Fault;
use crate::i18n::Language;

impl Fault {
    /// The worker died (or restarted) before it answered.
    pub fn no_answer() -> Fault {
        Fault::said(
            "The compute worker did not answer; try again.",
            "계산 워커가 답하지 않았습니다. 다시 해 보세요.",
        )
    }

    /// One readable sentence in `language`.
    pub fn message(&self, language: Language) -> String {
        match language {
            Language::English => self.english(),
            Language::Korean => self.korean(),
        }
    }

    fn english(&self) -> String {
        match self {
            Fault::Fill(e) => e.to_string(),
            Fault::Inspect(e) => e.to_string(),
            Fault::Contextual(e) => e.to_string(),
            Fault::Neighbours(e) => e.to_string(),
            Fault::Checkpoint(e) => e.to_string(),
            Fault::Corpus(e) => format!("This corpus cannot be used: {e}."),
            Fault::Session(e) => e.to_string(),
            Fault::Train(e) => e.to_string(),
            Fault::Limit(e @ LimitError::WeightsFileTooLarge { .. }) => {
                format!("These files do not make one checkpoint: {e}.")
            }
            Fault::Limit(e) => format!("This model is too large for this device: {e}."),
            Fault::Said { en, .. } => en.clone(),
        }
    }

    fn korean(&self) -> String {
        match self {
            Fault::Fill(e) => fill(e),
            Fault::Inspect(e) => inspect(e),
            Fault::Contextual(e) => contextual(e),
            Fault::Neighbours(e) => neighbours(e),
            Fault::Checkpoint(e) => checkpoint(e),
            Fault::Corpus(e) => format!("이 말뭉치는 쓸 수 없습니다. {}", corpus(e)),
            Fault::Session(e) => session(e),
            Fault::Train(e) => train(e),
            Fault::Limit(e @ LimitError::WeightsFileTooLarge { .. }) => {
                format!("이 파일들은 하나의 체크포인트가 아닙니다. {}", limit(e))
            }
            Fault::Limit(e) => format!("이 모델은 이 기기에 너무 큽니다. {}", limit(e)),
            Fault::Said { ko, .. } => ko.clone(),
        }
    }
}

fn fill(error: &FillError) -> String {
    match error {
        FillError::NoMask => "글에 [MASK]가 없습니다. 맞힐 단어 자리에 [MASK]를 입력하세요.".into(),
        FillError::Empty => "글이 비어 있습니다.".into(),
        FillError::NoMlmHead => {
            "이 모델에는 마스크 단어 헤드(cls.predictions)가 없어서 단어를 채울 수 없습니다.".into()
        }
        FillError::Readback(detail) => format!("장치에서 예측을 읽어 오지 못했습니다: {detail}"),
    }
}

fn inspect(error: &InspectError) -> String {
    match error {
        InspectError::Empty => "볼 것이 없습니다. 글이 비어 있습니다.".into(),
        InspectError::TooLong { tokens, positions } => format!(
            "글의 토큰이 {tokens}개인데 이 모델은 위치를 {positions}개까지만 압니다. 글을 줄이세요."
        ),
        InspectError::OutOfRange { what } => format!("이 모델과 입력에는 없는 자리입니다: {what}"),
        InspectError::Readback(detail) => {
            format!("장치에서 모델 내부를 읽어 오지 못했습니다: {detail}")
        }
    }
}

fn contextual(error: &ContextualError) -> String {
    match error {
        ContextualError::NoWord => "따라갈 단어를 입력하세요.".into(),
        ContextualError::NotFound(word) => format!("어느 문장에도 “{word}”가 없습니다."),
        ContextualError::Readback(detail) => {
            format!("장치에서 벡터를 읽어 오지 못했습니다: {detail}")
        }
    }
}

fn neighbours(error: &NeighbourError) -> String {
    match error {
        NeighbourError::NoWord => "찾아볼 단어를 입력하세요.".into(),
        NeighbourError::Readback(detail) => {
            format!("장치에서 임베딩 표를 읽어 오지 못했습니다: {detail}")
        }
    }
}

fn checkpoint(error: &CheckpointError) -> String {
    match error {
        CheckpointError::MissingFile { file } => format!("체크포인트에 {file}이(가) 없습니다."),
        CheckpointError::Unreadable { file, detail } => {
            format!("{file}을(를) 읽을 수 없습니다: {detail}")
        }
        CheckpointError::InvalidConfig(detail) => {
            format!("config.json이 올바른 BERT 설정이 아닙니다: {detail}")
        }
        CheckpointError::NotSafetensors(detail) => format!(
            "model.safetensors가 올바른 safetensors 파일이 아닙니다(잘렸거나 다른 형식인가요?): {detail}"
        ),
        CheckpointError::MissingTensor { name } => {
            format!("model.safetensors에 텐서 {name}이(가) 없습니다.")
        }
        CheckpointError::WrongShape {
            name,
            expected,
            found,
        } => {
            format!("텐서 {name}의 모양이 {found:?}인데, 설정에 맞으려면 {expected:?}여야 합니다.")
        }
        CheckpointError::UnsupportedDtype { name, dtype } => {
            format!("텐서 {name}의 자료형이 {dtype}입니다. F32, F16, BF16, F64만 읽을 수 있습니다.")
        }
        CheckpointError::NonFinite { name } => {
            format!("텐서 {name}에 NaN이나 무한대 값이 있습니다.")
        }
        CheckpointError::VocabMismatch { expected, found } => format!(
            "vocab.txt에는 토큰이 {found}개인데 config.json의 vocab_size는 {expected}입니다."
        ),
        CheckpointError::Readback(detail) => {
            format!("장치에서 가중치를 읽어 오지 못했습니다: {detail}")
        }
    }
}

fn corpus(error: &CorpusError) -> String {
    match error {
        CorpusError::Empty => "말뭉치가 비어 있습니다.".into(),
        CorpusError::Binary(detail) => {
            format!("글이 아니라 바이너리 파일로 보입니다: {detail}")
        }
        CorpusError::OneDocument => {
            "문서가 하나뿐입니다. 다음 문장 예측에는 빈 줄로 나뉜 문서가 둘 이상 필요합니다.".into()
        }
        CorpusError::NoSentencePairs => {
            "두 문장이 이어지는 문서가 없습니다. 한 줄에 한 문장씩 쓰세요.".into()
        }
    }
}

fn session(error: &SessionError) -> String {
    match error {
        SessionError::NoVocabulary => {
            "어휘가 없습니다. 말뭉치에서 어휘를 배우거나, 어휘를 빌려 올 모델을 불러오세요.".into()
        }
        SessionError::Config(detail) => {
            format!("이 설정으로는 올바른 BERT를 만들 수 없습니다: {detail}")
        }
        SessionError::TooLarge(limit_error) => {
            format!("이 모델은 이 기기에 너무 큽니다. {}", limit(limit_error))
        }
        SessionError::NotATrainingFile(detail) => {
            format!("bertlab 학습 파일이 아닙니다: {detail}")
        }
    }
}

fn train(error: &TrainError) -> String {
    match error {
        TrainError::NonFinite { step, value } => format!(
            "{step}단계에서 손실이 {value}이(가) 되었습니다. 마지막으로 정상이던 단계의 가중치로 되돌렸습니다(학습률을 낮춰 보세요)."
        ),
        TrainError::NoHeads => "이 모델에는 사전 학습할 MLM 헤드와 NSP 헤드가 없습니다.".into(),
        TrainError::Readback(detail) => {
            format!("장치에서 단계의 결과를 읽어 오지 못했습니다: {detail}")
        }
    }
}

fn limit(error: &LimitError) -> String {
    match error {
        LimitError::BufferTooLarge {
            needed_mib,
            limit_mib,
        } => format!(
            "단어 임베딩 행렬이 GPU 버퍼 하나에 {needed_mib} MiB가 필요한데, 이 GPU는 {limit_mib} MiB까지만 허용합니다."
        ),
        LimitError::TooManyWeights {
            needed_mib,
            limit_mib,
        } => format!(
            "가중치가 {needed_mib} MiB인데, bertlab은 브라우저 탭 하나에 {limit_mib} MiB까지만 불러옵니다."
        ),
        LimitError::WeightsFileTooLarge {
            file_mib,
            expected_mib,
        } => format!(
            "model.safetensors가 {file_mib} MiB로, config.json이 말하는 가중치가 차지할 수 있는 {expected_mib} MiB보다 큽니다."
        ),
    }
}
